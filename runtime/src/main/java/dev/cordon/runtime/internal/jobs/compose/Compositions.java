package dev.cordon.runtime.internal.jobs.compose;

import dev.cordon.api.error.CompositionInvalidError;
import dev.cordon.api.error.CompositionProblem;
import dev.cordon.api.error.CompositionReferenceError;
import dev.cordon.api.error.ErrorClassifier;
import dev.cordon.api.error.PluginInputError;
import dev.cordon.api.error.TracebackPolicy;
import dev.cordon.api.model.Composition;
import dev.cordon.api.model.CompositionMode;
import dev.cordon.api.model.CompositionNode;
import dev.cordon.api.model.Job;
import dev.cordon.api.model.JobEvent;
import dev.cordon.api.model.JobEventType;
import dev.cordon.api.model.JobStatus;
import dev.cordon.api.model.NodeState;
import dev.cordon.api.model.NodeStatus;
import dev.cordon.api.spi.JobStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Runs compositions on the job queue. A node whose inputs are ready is queued as a job; when a node's job ends, its
 * state is recorded and the nodes it unblocks are queued, so independent branches run side by side as far as the
 * queue's lanes admit them. A node that did not complete skips its dependents (transitively, each with the cause);
 * in fail-fast mode it also cancels every node that has not ended. Every change is written to the {@link JobStore}
 * before anything acts on it: a node is recorded {@code submitted} with its job id before its job is queued, so a
 * host that dies in between queues that same job when it starts again, never a second one.
 *
 * <p>This host advances the compositions it submitted or recovered; their state lives in memory only while running.
 */
public final class Compositions {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Compositions.class);

    private final JobStore store;
    private final NodeJobs jobs;
    private final Clock clock;
    private final CompositionValidator validator;
    private final Map<String, Composition> live = new HashMap<>();
    private final Map<String, Graph> graphs = new HashMap<>();
    private final Map<String, List<CompletableFuture<Composition>>> waiters = new HashMap<>();
    /** Running compositions already cancelled here, so a second cancel says so. */
    private final java.util.Set<String> cancelled = new java.util.HashSet<>();

    public Compositions(JobStore store, NodeJobs jobs, Clock clock) {
        this.store = store;
        this.jobs = jobs;
        this.clock = clock;
        this.validator = new CompositionValidator(jobs::checkInstance, jobs::laneExists);
    }

    /**
     * Validates, stores and starts a composition.
     *
     * @throws CompositionInvalidError listing every problem
     */
    public Composition submit(List<CompositionNode> nodes, CompositionMode mode, int priority, boolean sequence) {
        List<CompositionProblem> problems = validator.problems(nodes);
        if (!problems.isEmpty()) {
            throw new CompositionInvalidError(problems);
        }
        Map<String, NodeState> states = new LinkedHashMap<>();
        nodes.forEach(n -> states.put(n.id(), NodeState.waiting(n.id())));
        Composition c = new Composition(
                UUID.randomUUID().toString(),
                nodes,
                mode,
                priority,
                JobStatus.RUNNING,
                states,
                clock.instant(),
                Optional.empty(),
                sequence);
        Step step;
        synchronized (this) {
            store.saveComposition(c);
            live.put(c.id(), c);
            graphs.put(c.id(), Graph.of(nodes));
            step = advance(c, new ArrayList<>());
        }
        return step.finish(this);
    }

    /** Takes up the compositions still running in the store: records nodes whose jobs ended, queues ready ones. */
    public void recover() {
        List<Step> steps = new ArrayList<>();
        synchronized (this) {
            for (Composition stored : store.unfinishedCompositions()) {
                Composition c = stored;
                live.put(c.id(), c);
                graphs.put(c.id(), Graph.of(c.nodes()));
                List<JobEvent> events = new ArrayList<>();
                for (int i = 0; i < c.nodes().size(); i++) {
                    CompositionNode node = c.nodes().get(i);
                    NodeState s = c.state(node.id());
                    if (s.status() != NodeStatus.SUBMITTED) {
                        continue;
                    }
                    Optional<Job> job = jobs.find(s.jobId().orElseThrow());
                    if (job.isEmpty()) {
                        // Recorded as submitted, but the host died before the job was stored: queue it now.
                        queueJob(c, i, node, s.jobId().get());
                    } else if (job.get().status().terminal()) {
                        c = c.with(ended(node, job.get()));
                        events.add(event(c, i, s, c.state(node.id())));
                    }
                }
                steps.add(advance(c, events));
            }
        }
        steps.forEach(s -> s.finish(this));
    }

    /** A job ended: if it is a node of a running composition here, records it and moves the composition on. */
    public void nodeEnded(Job job) {
        if (job.sequenceId().isEmpty() || job.sequenceIndex().isEmpty()) {
            return;
        }
        Step step;
        synchronized (this) {
            Composition c = live.get(job.sequenceId().get());
            int index = job.sequenceIndex().getAsInt();
            if (c == null || index >= c.nodes().size()) {
                return;
            }
            CompositionNode node = c.nodes().get(index);
            NodeState before = c.state(node.id());
            if (before.status() != NodeStatus.SUBMITTED || !before.jobId().equals(Optional.of(job.id()))) {
                return;
            }
            c = c.with(ended(node, job));
            List<JobEvent> events = new ArrayList<>();
            events.add(event(c, index, before, c.state(node.id())));
            step = advance(c, events);
        }
        step.finish(this);
    }

    /** Cancels every node that has not ended; {@code false} when unknown here or already ended. */
    public boolean cancel(String compositionId) {
        Step step;
        synchronized (this) {
            Composition c = live.get(compositionId);
            if (c == null || !cancelled.add(compositionId)) {
                return false;
            }
            step = stop(c, "the composition was cancelled", new ArrayList<>());
        }
        step.finish(this);
        return true;
    }

    /** The composition, running or stored. */
    public Optional<Composition> get(String compositionId) {
        synchronized (this) {
            Composition c = live.get(compositionId);
            if (c != null) {
                return Optional.of(c);
            }
        }
        return store.findComposition(compositionId);
    }

    /** Completes with the composition once it has ended. */
    public CompletableFuture<Composition> completion(String compositionId) {
        synchronized (this) {
            if (live.containsKey(compositionId)) {
                CompletableFuture<Composition> f = new CompletableFuture<>();
                waiters.computeIfAbsent(compositionId, k -> new ArrayList<>()).add(f);
                return f;
            }
        }
        return store.findComposition(compositionId)
                .map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(unknown(compositionId)));
    }

    /** Fails every waiter: the queue is stopping. */
    public void close(RuntimeException why) {
        List<CompletableFuture<Composition>> all = new ArrayList<>();
        synchronized (this) {
            waiters.values().forEach(all::addAll);
            waiters.clear();
        }
        all.forEach(f -> f.completeExceptionally(why));
    }

    static PluginInputError unknown(String id) {
        return new PluginInputError(
                "No composition has the id '" + id + "'; cordon:compositions lists them",
                List.of("composition_id"),
                null);
    }

    /**
     * Moves a composition as far as it goes now: skips the dependents of nodes that did not complete, stops the
     * rest in fail-fast mode, queues the nodes whose inputs are ready, and ends it when every node has ended. The
     * store has the result before this returns; cancelling jobs and telling waiters is left to the {@link Step}.
     */
    private Step advance(Composition start, List<JobEvent> events) {
        Graph graph = graphs.get(start.id());
        Composition c = start;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < c.nodes().size(); i++) {
                CompositionNode node = c.nodes().get(i);
                NodeState s = c.state(node.id());
                if (s.status() != NodeStatus.WAITING) {
                    continue;
                }
                Composition now = c;
                Optional<String> blocker = graph.needs().get(node.id()).stream()
                        .filter(up -> now.state(up).status().terminal()
                                && now.state(up).status() != NodeStatus.COMPLETED)
                        .findFirst();
                if (blocker.isPresent()) {
                    NodeStatus upStatus = c.state(blocker.get()).status();
                    NodeState skipped = new NodeState(
                            node.id(),
                            NodeStatus.SKIPPED,
                            null,
                            null,
                            null,
                            Optional.of("node '" + blocker.get() + "' " + upStatus.wire()));
                    c = c.with(skipped);
                    events.add(event(c, i, s, skipped));
                    changed = true;
                } else if (!halted(c)
                        && graph.upstream(node.id()).stream()
                                .allMatch(up -> now.state(up).status().terminal())) {
                    c = start(c, i, node, events);
                    changed = true;
                }
            }
        }
        if (c.sequence()) {
            Optional<NodeState> stepCancelled = c.states().values().stream()
                    .filter(s -> s.status() == NodeStatus.CANCELLED)
                    .findFirst();
            if (stepCancelled.isPresent()) {
                return stop(c, "step '" + stepCancelled.get().nodeId() + "' was cancelled", events);
            }
        }
        if (c.mode() == CompositionMode.FAIL_FAST) {
            Optional<NodeState> failed = c.states().values().stream()
                    .filter(s -> s.status() == NodeStatus.FAILED)
                    .findFirst();
            if (failed.isPresent()) {
                // Again on every later change while jobs wind down: asking a cancelled job again changes nothing.
                return stop(c, "fail-fast: node '" + failed.get().nodeId() + "' failed", events);
            }
        }
        return settle(c, events, List.of());
    }

    /**
     * Whether no further node may start: a fail-fast composition with a failed node, or a sequence with a cancelled
     * step.
     */
    private static boolean halted(Composition c) {
        return c.states().values().stream()
                .anyMatch(s -> (s.status() == NodeStatus.FAILED && c.mode() == CompositionMode.FAIL_FAST)
                        || (s.status() == NodeStatus.CANCELLED && c.sequence()));
    }

    /** Cancels every waiting node and asks every submitted one's job to stop. */
    private Step stop(Composition c, String cause, List<JobEvent> events) {
        List<String> toCancel = new ArrayList<>();
        for (int i = 0; i < c.nodes().size(); i++) {
            NodeState s = c.state(c.nodes().get(i).id());
            if (s.status() == NodeStatus.WAITING) {
                NodeState cancelled =
                        new NodeState(s.nodeId(), NodeStatus.CANCELLED, null, null, null, Optional.of(cause));
                c = c.with(cancelled);
                events.add(event(c, i, s, cancelled));
            } else if (s.status() == NodeStatus.SUBMITTED) {
                toCancel.add(s.jobId().orElseThrow());
            }
        }
        return settle(c, events, toCancel);
    }

    /** Records the composition (ended when every node has) and says what is left to do outside the lock. */
    private Step settle(Composition c, List<JobEvent> events, List<String> toCancel) {
        boolean done = c.states().values().stream().allMatch(s -> s.status().terminal());
        List<CompletableFuture<Composition>> told = List.of();
        if (done) {
            c = c.ended(endState(c), clock.instant());
            live.remove(c.id());
            graphs.remove(c.id());
            cancelled.remove(c.id());
            told = Optional.ofNullable(waiters.remove(c.id())).orElse(List.of());
        } else {
            live.put(c.id(), c);
        }
        store.saveComposition(c);
        List<JobEvent> stamped = new ArrayList<>();
        for (JobEvent e : events) {
            Map<String, Object> payload = new LinkedHashMap<>(e.payload());
            payload.put("composition_status", c.status().wire());
            stamped.add(new JobEvent(
                    e.type(),
                    e.jobId(),
                    e.pluginInstanceId(),
                    e.sequenceId(),
                    e.sequenceIndex(),
                    e.timestamp(),
                    payload));
        }
        return new Step(c, stamped, toCancel, told);
    }

    private static JobStatus endState(Composition c) {
        List<NodeStatus> all =
                c.states().values().stream().map(NodeState::status).toList();
        if (all.stream().allMatch(s -> s == NodeStatus.COMPLETED)) {
            return JobStatus.COMPLETED;
        }
        return all.contains(NodeStatus.FAILED) ? JobStatus.FAILED : JobStatus.CANCELLED;
    }

    /** Resolves a ready node's references and queues its job, or fails it when a reference resolves to nothing. */
    private Composition start(Composition c, int index, CompositionNode node, List<JobEvent> events) {
        NodeState before = c.state(node.id());
        Composition current = c;
        try {
            References.resolve(node.kwargs(), node.id(), "kwargs", up -> resultOf(current, up));
        } catch (CompositionReferenceError e) {
            NodeState failed = new NodeState(
                    node.id(),
                    NodeStatus.FAILED,
                    null,
                    null,
                    Optional.of(ErrorClassifier.toJobError(
                            e, null, node.pluginInstanceId(), TracebackPolicy.REPR_ONLY, clock.instant())),
                    Optional.of(e.getMessage()));
            Composition next = c.with(failed);
            events.add(event(next, index, before, failed));
            return next;
        }
        String jobId = UUID.randomUUID().toString();
        NodeState submitted = new NodeState(node.id(), NodeStatus.SUBMITTED, Optional.of(jobId), null, null, null);
        Composition next = c.with(submitted);
        store.saveComposition(next);
        queueJob(next, index, node, jobId);
        events.add(event(next, index, before, submitted));
        if (c.sequence() && index > 0) {
            events.add(advanced(next, index, jobId));
        }
        return next;
    }

    @SuppressWarnings("unchecked")
    private void queueJob(Composition c, int index, CompositionNode node, String jobId) {
        Map<String, Object> kwargs =
                (Map<String, Object>) References.resolve(node.kwargs(), node.id(), "kwargs", up -> resultOf(c, up));
        int priority = node.priority() != 0 ? node.priority() : c.priority();
        jobs.submit(jobId, c.id(), index, node, kwargs, priority);
    }

    private static Object resultOf(Composition c, String nodeId) {
        return c.state(nodeId).result().orElse(null);
    }

    private static NodeState ended(CompositionNode node, Job job) {
        NodeStatus status = switch (job.status()) {
            case COMPLETED -> NodeStatus.COMPLETED;
            case CANCELLED -> NodeStatus.CANCELLED;
            default -> NodeStatus.FAILED;
        };
        return new NodeState(node.id(), status, Optional.of(job.id()), job.result(), job.error(), null);
    }

    private JobEvent event(Composition c, int index, NodeState from, NodeState to) {
        CompositionNode node = c.nodes().get(index);
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("composition_id", c.id());
        payload.put("node", node.id());
        payload.put("node_index", index);
        payload.put("from", from.status().wire());
        payload.put("to", to.status().wire());
        payload.put("cause", to.cause().orElse(null));
        return new JobEvent(
                JobEventType.COMPOSITION_ADVANCED,
                to.jobId().or(from::jobId).orElse(""),
                node.pluginInstanceId(),
                Optional.of(c.id()),
                OptionalInt.of(index),
                clock.instant(),
                payload);
    }

    /** {@code sequence_advanced}, tagged with the job of the step now submitted, as sequences always published it. */
    private JobEvent advanced(Composition c, int index, String jobId) {
        NodeState prior = c.state(c.nodes().get(index - 1).id());
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("prior_job_id", prior.jobId().orElse(null));
        payload.put("prior_step_index", index - 1);
        payload.put("prior_success", prior.status() == NodeStatus.COMPLETED);
        return new JobEvent(
                JobEventType.SEQUENCE_ADVANCED,
                jobId,
                c.nodes().get(index).pluginInstanceId(),
                Optional.of(c.id()),
                OptionalInt.of(index),
                clock.instant(),
                payload);
    }

    /** What one change leaves to do once the lock is released: publish, cancel jobs, tell waiters. */
    private record Step(
            Composition composition,
            List<JobEvent> events,
            List<String> toCancel,
            List<CompletableFuture<Composition>> waiters) {

        Composition finish(Compositions owner) {
            events.forEach(owner.jobs::publish);
            for (String jobId : toCancel) {
                try {
                    owner.jobs.cancel(jobId);
                } catch (RuntimeException e) {
                    LOG.warn("Cancelling job {} of composition {} failed: {}", jobId, composition.id(), e.toString());
                }
            }
            waiters.forEach(f -> f.complete(composition));
            return composition;
        }
    }
}
