package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.model.CompositionNode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edges of a valid composition: for each node, the nodes it needs to have completed (its {@code needs} and
 * the targets of its references) and those it runs after (which need only have ended).
 */
record Graph(Map<String, Integer> index, Map<String, Set<String>> needs, Map<String, Set<String>> after) {

    static Graph of(List<CompositionNode> nodes) {
        Map<String, Integer> index = new LinkedHashMap<>();
        Map<String, Set<String>> needs = new LinkedHashMap<>();
        Map<String, Set<String>> after = new LinkedHashMap<>();
        for (int i = 0; i < nodes.size(); i++) {
            CompositionNode n = nodes.get(i);
            if (index.containsKey(n.id())) {
                // A duplicate id is refused at submit; its first node stands for it meanwhile.
                continue;
            }
            index.put(n.id(), i);
            Set<String> need = new LinkedHashSet<>(n.needs());
            References.find(n.kwargs(), "kwargs").forEach(r -> r.target().ifPresent(need::add));
            needs.put(n.id(), need);
            after.put(n.id(), new LinkedHashSet<>(n.after()));
        }
        return new Graph(index, needs, after);
    }

    /** Everything {@code node} waits for, needed or merely after. */
    Set<String> upstream(String node) {
        Set<String> all = new LinkedHashSet<>(needs.get(node));
        all.addAll(after.get(node));
        return all;
    }
}
