package dev.cordon.runtime.internal.shell;

import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Function;

/**
 * One Cordon command as Gogo sees it: takes the options every command shares off the arguments, then binds the
 * rest to the command's method as Gogo binds any command object ({@link CommandBinding}).
 *
 * @param target the object whose method runs
 * @param function the command's name, which is the method's name
 */
record SharedOptions(Object target, String function) implements Function {

    @Override
    public Object execute(CommandSession session, List<Object> arguments) throws Exception {
        List<Object> rest = new ArrayList<>(arguments.size());
        boolean json = false;
        for (Object argument : arguments) {
            if (argument != null && JsonOption.NAME.equals(argument.toString())) {
                json = true;
            } else {
                rest.add(argument);
            }
        }
        Object outer = session.get(JsonOption.VARIABLE);
        session.put(JsonOption.VARIABLE, json);
        try {
            return CommandBinding.invoke(session, target, function, rest);
        } finally {
            session.put(JsonOption.VARIABLE, outer);
        }
    }
}
