package dev.cordon.runtime.internal.jobs;

import dev.cordon.api.error.PluginCancelledError;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.PluginNotFoundError;
import dev.cordon.api.error.WorkerCrashedError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.CallProgress;
import dev.cordon.api.host.CallRetry;
import dev.cordon.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A {@link JobTarget} whose calls do what their keyword argument {@code do} says, so that a test drives every path of
 * the queue without worker processes (the real target, on real workers, is covered by the queue's ITs):
 * {@code ok} (the default) returns the kwargs; {@code fail} fails with an input error; {@code hold} runs until
 * {@link #release}; {@code cooperative} runs until cancelled, then fails as cancelled; {@code stubborn} ignores a
 * cancel and ends only when its worker is stopped.
 */
final class ScriptedTarget implements JobTarget {

    /** One call as the target saw it. */
    record Started(String instanceId, Call call) {}

    final List<Started> started = new CopyOnWriteArrayList<>();
    final List<String> forceStops = new CopyOnWriteArrayList<>();
    final List<String> reloads = new CopyOnWriteArrayList<>();
    final AtomicInteger cancels = new AtomicInteger();
    final Map<String, OptionalInt> caps = new ConcurrentHashMap<>();
    final Map<String, Boolean> retrySafe = new ConcurrentHashMap<>();
    private final Map<String, List<CompletableFuture<Object>>> running = new ConcurrentHashMap<>();
    private final Map<String, List<String>> modes = new ConcurrentHashMap<>();
    private final List<Consumer<CallRetry>> retryListeners = new CopyOnWriteArrayList<>();
    /** A reload lasts until this opens; open unless a test closes it. */
    volatile CountDownLatch reloadGate = new CountDownLatch(0);

    volatile CallProgress progress = new CallProgress(0.0, "");

    @Override
    public void checkSubmit(String instanceId) {
        if (instanceId.startsWith("nosuch")) {
            throw new PluginNotFoundError(instanceId, List.of(), "the test's plugins");
        }
    }

    @Override
    public Optional<InstanceView> instance(String instanceId) {
        return Optional.of(new InstanceView(
                "plugin-" + instanceId,
                "sha256:test",
                true,
                caps.getOrDefault(instanceId, OptionalInt.empty()),
                OptionalLong.of(1),
                ResourceRequirements.NONE));
    }

    @Override
    public CompletableFuture<Object> execute(String instanceId, Call call) {
        started.add(new Started(instanceId, call));
        String mode = String.valueOf(call.kwargs().getOrDefault("do", "ok"));
        CompletableFuture<Object> f = new CompletableFuture<>();
        switch (mode) {
            case "ok" -> f.complete(call.kwargs());
            case "fail" -> f.completeExceptionally(new PluginInputError("bad input", List.of("kwargs.do"), null));
            default -> {
                running.computeIfAbsent(instanceId, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(f);
                modes.computeIfAbsent(instanceId, k -> Collections.synchronizedList(new ArrayList<>()))
                        .add(mode);
            }
        }
        return f;
    }

    /** Ends the held calls of an instance with a result. */
    void release(String instanceId) {
        List<CompletableFuture<Object>> calls = running.remove(instanceId);
        modes.remove(instanceId);
        if (calls != null) {
            List.copyOf(calls).forEach(f -> f.complete("released"));
        }
    }

    @Override
    public boolean cancel(String instanceId) {
        cancels.incrementAndGet();
        List<String> m = modes.getOrDefault(instanceId, List.of());
        List<CompletableFuture<Object>> calls = running.getOrDefault(instanceId, List.of());
        for (int i = 0; i < Math.min(m.size(), calls.size()); i++) {
            if (m.get(i).equals("cooperative")) {
                calls.get(i).completeExceptionally(new PluginCancelledError(instanceId));
            }
        }
        return true;
    }

    @Override
    public CallProgress progress(String instanceId) {
        return progress;
    }

    @Override
    public Optional<Map<String, Object>> resourceSnapshot(String instanceId) {
        return Optional.of(Map.of("pid", 1L, "rss_mb", 10.0));
    }

    @Override
    public void forceStop(String instanceId) {
        forceStops.add(instanceId);
        List<CompletableFuture<Object>> calls = running.remove(instanceId);
        modes.remove(instanceId);
        if (calls != null) {
            List.copyOf(calls)
                    .forEach(f -> f.completeExceptionally(
                            new WorkerCrashedError(instanceId, 1L, -9, "Worker of '" + instanceId + "' was stopped")));
        }
    }

    @Override
    public void reload(String instanceId) {
        reloads.add(instanceId);
        try {
            if (!reloadGate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never let the reload of " + instanceId + " finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean retrySafe(String instanceId) {
        return retrySafe.getOrDefault(instanceId, true);
    }

    @Override
    public List<String> jobLines(String instanceId, String jobId, int max) {
        return List.of("line job=" + jobId);
    }

    @Override
    public AutoCloseable onRetry(Consumer<CallRetry> listener) {
        retryListeners.add(listener);
        return () -> retryListeners.remove(listener);
    }

    /** The kwargs' {@code name} of every call started, in order. */
    List<Object> startedNames() {
        return started.stream().map(s -> s.call().kwargs().get("name")).toList();
    }
}
