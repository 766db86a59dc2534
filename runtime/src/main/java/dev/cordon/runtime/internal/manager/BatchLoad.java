package dev.cordon.runtime.internal.manager;

import dev.cordon.api.host.PluginManager.LoadOutcome;
import dev.cordon.api.model.PluginInstance;
import dev.cordon.api.model.PluginLoadSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/** Loads several instances at once, at most {@code concurrency} at a time, each outcome kept apart. */
final class BatchLoad {

    private BatchLoad() {}

    /**
     * Runs {@code load} for every spec on {@code executor}; completes when all have, in the specs' order.
     *
     * @param concurrency at most this many loads at once; 0 or less means no limit
     */
    static CompletableFuture<List<LoadOutcome>> run(
            List<PluginLoadSpec> specs,
            Function<PluginLoadSpec, PluginInstance> load,
            int concurrency,
            Executor executor) {
        Semaphore cap = concurrency > 0 ? new Semaphore(concurrency) : null;
        List<CompletableFuture<LoadOutcome>> all = new ArrayList<>();
        for (PluginLoadSpec spec : specs) {
            all.add(CompletableFuture.supplyAsync(
                    () -> {
                        if (cap != null) {
                            cap.acquireUninterruptibly();
                        }
                        try {
                            return new LoadOutcome(spec, Optional.of(load.apply(spec)), Optional.empty());
                        } catch (RuntimeException e) {
                            return new LoadOutcome(spec, Optional.empty(), Optional.of(e));
                        } finally {
                            if (cap != null) {
                                cap.release();
                            }
                        }
                    },
                    executor));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }
}
