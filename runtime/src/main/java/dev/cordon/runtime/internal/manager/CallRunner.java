package dev.cordon.runtime.internal.manager;

import dev.cordon.api.error.PluginResourceError;
import dev.cordon.api.host.Call;
import dev.cordon.api.host.ChunkStream;
import dev.cordon.protocol.Endpoint;
import dev.cordon.protocol.StatusWord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs calls on instances: unary calls with reactive retry, and the two stream shapes. Every call is admitted by
 * {@link AdmissionControl} and finishes its admission exactly once, however it ends. A unary call that fails with a
 * resource error replaces the worker and runs again, up to {@code maxRetries} times, telling the
 * {@link RetryObserver}s; a refusal of the scheduling policy is not retried.
 */
final class CallRunner {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CallRunner.class);

    private final Function<String, LoadedInstance> require;
    private final Consumer<LoadedInstance> replace;
    private final AdmissionControl admission;
    private final int maxRetries;
    private final Duration callTimeout;
    private final Executor executor;
    private final List<RetryObserver> observers = new CopyOnWriteArrayList<>();

    /**
     * @param require the loaded instance of an id, or a {@link dev.cordon.api.error.PluginNotLoadedError}
     * @param replace gives an instance a fresh worker
     */
    CallRunner(Function<String, LoadedInstance> require, Consumer<LoadedInstance> replace, AdmissionControl admission,
            int maxRetries, Duration callTimeout, Executor executor) {
        this.require = require;
        this.replace = replace;
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
        return withRetry(instanceId, s -> s.client().execute(call.args(), call.kwargs(), callTimeout));
    }

    /** {@code /prefetch}; {@code false} when the plugin does not support it. */
    boolean prefetch(String instanceId) {
        Object answer = withRetry(instanceId, s -> s.client().call(Endpoint.PREFETCH, null, callTimeout));
        return !StatusWord.NOT_SUPPORTED.in(answer);
    }

    /**
     * Runs {@code work} on the instance under an admission; a resource error replaces the worker and runs it again.
     */
    <T> T withRetry(String instanceId, Function<LoadedInstance, T> work) {
        for (int attempt = 0;; attempt++) {
            LoadedInstance s = require.apply(instanceId);
            Admission admitted = admission.admit(s);
            boolean ok = false;
            try {
                T result = work.apply(s);
                ok = true;
                return result;
            } catch (PluginResourceError e) {
                if (e instanceof RefusedError || attempt >= maxRetries) {
                    throw e;
                }
                admitted.finish(false);
                for (RetryObserver o : observers) {
                    o.retrying(instanceId, attempt + 1, e);
                }
                LOG.warn("Call on instance {} failed with a resource error ({}); retry {} of {} on a fresh worker",
                        instanceId, e.getMessage(), attempt + 1, maxRetries);
                replace.accept(s);
            } finally {
                admitted.finish(ok);
            }
        }
    }

    /** A streaming call as an iterator; its end, its error or its close finishes the admission. */
    ChunkStream<Object> openStream(String instanceId, Call call) {
        Admission admitted = admission.admit(require.apply(instanceId));
        try {
            return new AdmittedStream(admitted,
                    admitted.instance().client().executeStream(call.args(), call.kwargs(), callTimeout), callTimeout);
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
                admitted = admission.admit(require.apply(instanceId));
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
            admitted.instance().client().publishStream(call.args(), call.kwargs(), callTimeout, executor)
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
