package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import dev.cordon.runtime.internal.proxy.WorkerClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Runs calls on instances: unary calls with reactive retry, and the two stream shapes. Every call is admitted by
 * {@link AdmissionControl} and finishes its admission exactly once, however it ends. An instance whose worker has
 * died (however it died) gets a fresh worker before its next call. A unary call is watched by a {@link CallGuard}
 * (worker death, liveness, timeout). A unary call that fails with a resource error (a plugin's
 * {@link PluginResourceError}, or a {@link dev.cordon.api.error.WorkerOOMError} for a worker the kernel killed for
 * memory) replaces the worker and runs again, up to {@code maxRetries} times, telling the {@link RetryObserver}s and
 * the log, unless the plugin's manifest says {@code "retry_safe": false} in {@code overrides}; no other failure is
 * run again, and a refusal of the scheduling policy is not retried.
 */
final class CallRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallRunner.class);

    private final Function<String, LoadedInstance> require;
    private final UnaryOperator<LoadedInstance> replace;
    private final CallGuard guard;
    private final AdmissionControl admission;
    private final int maxRetries;
    private final Duration callTimeout;
    private final Executor executor;
    private final List<RetryObserver> observers = new CopyOnWriteArrayList<>();

    /**
     * @param require the loaded instance of an id, or a {@link dev.cordon.api.error.PluginNotLoadedError}
     * @param replace gives an instance a fresh worker and returns the instance as it is now
     */
    CallRunner(
            Function<String, LoadedInstance> require,
            UnaryOperator<LoadedInstance> replace,
            AdmissionControl admission,
            int maxRetries,
            CallGuard guard,
            Duration callTimeout,
            Executor executor) {
        this.require = require;
        this.replace = replace;
        this.guard = guard;
        this.admission = admission;
        this.maxRetries = maxRetries;
        this.callTimeout = callTimeout;
        this.executor = executor;
    }

    void addRetryObserver(RetryObserver observer) {
        observers.add(observer);
    }

    void removeRetryObserver(RetryObserver observer) {
        observers.remove(observer);
    }

    /** One unary call. */
    Object execute(String instanceId, Call call) {
        return withRetry(instanceId, new AtomicReference<>(), unary(call));
    }

    /**
     * One unary call whose first attempt runs under {@code granted}; a retry is admitted anew. The allocation is
     * released however the call ends, also when it never reaches admission.
     */
    Object execute(String instanceId, Call call, Granted granted) {
        AtomicReference<Granted> held = new AtomicReference<>(granted);
        try {
            return withRetry(instanceId, held, unary(call));
        } finally {
            Granted unused = held.getAndSet(null);
            if (unused != null) {
                unused.release();
            }
        }
    }

    private BiFunction<LoadedInstance, Admission, Object> unary(Call call) {
        return (s, admitted) -> {
            WorkerClient.Reply reply = guard.run(s, t -> s.client().executeReply(call, t));
            admitted.carried(reply::usage);
            return reply.value();
        };
    }

    /** {@code /prefetch}; {@code false} when the plugin does not support it. */
    boolean prefetch(String instanceId) {
        Object answer = withRetry(instanceId, s -> guard.run(s, t -> s.client().callAsync(Endpoint.PREFETCH, null, t)));
        return !StatusWord.NOT_SUPPORTED.in(answer);
    }

    /**
     * Runs {@code work} on the instance under an admission; a resource error replaces the worker and runs it again.
     */
    <T> T withRetry(String instanceId, Function<LoadedInstance, T> work) {
        return withRetry(instanceId, (s, admitted) -> work.apply(s));
    }

    /** {@link #withRetry(String, Function)} for work that also tells its admission what its answer carried. */
    <T> T withRetry(String instanceId, BiFunction<LoadedInstance, Admission, T> work) {
        return withRetry(instanceId, new AtomicReference<>(), work);
    }

    /** {@link #withRetry(String, BiFunction)} whose first admission takes what {@code held} holds, if anything. */
    private <T> T withRetry(
            String instanceId, AtomicReference<Granted> held, BiFunction<LoadedInstance, Admission, T> work) {
        for (int attempt = 0; ; attempt++) {
            LoadedInstance s = live(instanceId);
            Admission admitted = admission.admit(s, held.getAndSet(null));
            boolean ok = false;
            try {
                T result = work.apply(s, admitted);
                ok = true;
                return result;
            } catch (PluginResourceError e) {
                if (e instanceof RefusedError || attempt >= maxRetries || !retrySafe(s)) {
                    throw e;
                }
                admitted.finish(false);
                for (RetryObserver o : observers) {
                    o.retrying(instanceId, attempt + 1, e);
                }
                LOG.warn(
                        "Call on instance {} failed with a resource error ({}); retry {} of {} on a fresh worker",
                        instanceId,
                        e.getMessage(),
                        attempt + 1,
                        maxRetries);
                replace.apply(s);
            } finally {
                admitted.finish(ok);
            }
        }
    }

    /**
     * The instance, with a fresh worker if its worker has died since its last call. Replaced here rather than at
     * the moment of death so that a plugin that crashes at once does not respawn in a loop with nobody calling.
     */
    private LoadedInstance live(String instanceId) {
        LoadedInstance s = require.apply(instanceId);
        if (s.handle().isAlive()) {
            return s;
        }
        LOG.info(
                "Worker pid {} of instance {} is gone; starting a fresh one for the next call",
                s.handle().pid(),
                instanceId);
        return replace.apply(s);
    }

    /** Whether the plugin lets a failed call run again: {@code overrides.retry_safe}, default {@code true}. */
    private static boolean retrySafe(LoadedInstance s) {
        Object flag = s.plugin().manifest().overrides().get("retry_safe");
        if (flag != null && !(flag instanceof Boolean)) {
            LOG.warn(
                    "overrides.retry_safe of plugin {} is {} instead of true or false; not retrying its calls",
                    s.pluginName(),
                    flag);
            return false;
        }
        return !Boolean.FALSE.equals(flag);
    }

    /** A streaming call as an iterator; its end, its error or its close finishes the admission. */
    ChunkStream<Object> openStream(String instanceId, Call call) {
        Admission admitted = admission.admit(live(instanceId));
        try {
            return new AdmittedStream(
                    admitted,
                    guard.watch(
                            admitted.instance(), admitted.instance().client().executeStream(call, callTimeout)),
                    callTimeout);
        } catch (RuntimeException e) {
            admitted.finish(false);
            throw e;
        }
    }

    /** A streaming call as a cold publisher; admitted when subscribed. */
    Flow.Publisher<Object> executeStream(String instanceId, Call call) {
        return subscriber -> {
            Admission admitted;
            try {
                admitted = admission.admit(live(instanceId));
            } catch (RuntimeException e) {
                subscriber.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {}

                    @Override
                    public void cancel() {}
                });
                subscriber.onError(e);
                return;
            }
            admitted.instance()
                    .client()
                    .publishStream(call, callTimeout, executor, it -> {
                        admitted.carried(it::usage);
                        return guard.watch(admitted.instance(), it);
                    })
                    .subscribe(new AdmittedSubscriber(admitted, subscriber));
        };
    }

    /** Passes a worker stream on to the caller's subscriber and finishes the admission at its end. */
    private record AdmittedSubscriber(Admission admitted, Flow.Subscriber<Object> downstream)
            implements Flow.Subscriber<Object> {

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            downstream.onSubscribe(new Flow.Subscription() {
                @Override
                public void request(long n) {
                    subscription.request(n);
                }

                @Override
                public void cancel() {
                    subscription.cancel();
                    admitted.finish(false);
                }
            });
        }

        @Override
        public void onNext(Object item) {
            downstream.onNext(item);
        }

        @Override
        public void onError(Throwable throwable) {
            admitted.finish(false);
            downstream.onError(throwable);
        }

        @Override
        public void onComplete() {
            admitted.finish(true);
            downstream.onComplete();
        }
    }
}
