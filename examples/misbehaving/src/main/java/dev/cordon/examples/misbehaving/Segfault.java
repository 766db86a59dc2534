package dev.cordon.examples.misbehaving;

import dev.cordon.api.plugin.Invocation;
import java.lang.reflect.Field;
import sun.misc.Unsafe;

/** The worker's JVM crashes with SIGSEGV in the middle of a call (a write to address 0). */
public final class Segfault extends Misbehaving {

    /** The misbehaviour named {@code segfault}. */
    public Segfault() {
        super("misbehaving-segfault");
    }

    @Override
    public Object execute(Invocation invocation) throws Exception {
        Field field = Unsafe.class.getDeclaredField("theUnsafe");
        field.setAccessible(true);
        ((Unsafe) field.get(null)).putAddress(0, 0);
        throw new AssertionError("writing to address 0 did not crash the JVM");
    }
}
