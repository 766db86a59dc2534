package dev.cordon.scheduler.internal.policy;

import dev.cordon.api.scheduling.Allocation;
import dev.cordon.api.scheduling.ProcessUsage;
import dev.cordon.api.scheduling.SystemMonitor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The part of running executions' reservations that the monitor does not yet see as used.
 *
 * <p>Memory is not counted twice: what an execution's worker (with its descendants) already holds shows as used
 * in the monitor's reading, so only the rest of the reservation is subtracted from what is free. Executions sharing one worker are measured together. An
 * execution whose worker is unknown, or gone, counts with its whole reservation.
 *
 * @param ramMb system RAM still to be taken by running executions, in MB
 * @param vramMbByGpu GPU memory still to be taken, in MB, per GPU index
 * @param executions how many executions hold a reservation
 */
record Outstanding(long ramMb, Map<Integer, Long> vramMbByGpu, int executions) {

    /** Nothing running. */
    static final Outstanding NONE = new Outstanding(0, Map.of(), 0);

    Outstanding {
        vramMbByGpu = Map.copyOf(vramMbByGpu);
    }

    /** GPU memory still to be taken on one GPU, in MB. */
    long vramMb(int gpuIndex) {
        return vramMbByGpu.getOrDefault(gpuIndex, 0L);
    }

    /** Measures the workers of the active allocations and subtracts what they already hold. */
    static Outstanding of(Collection<Allocation> active, SystemMonitor monitor) {
        Map<Long, List<Allocation>> byWorker = new LinkedHashMap<>();
        List<Allocation> unknownWorker = new ArrayList<>();
        for (Allocation a : active) {
            if (a.request().workerPid().isPresent()) {
                byWorker.computeIfAbsent(a.request().workerPid().getAsLong(), k -> new ArrayList<>())
                        .add(a);
            } else {
                unknownWorker.add(a);
            }
        }
        long ram = 0;
        Map<Integer, Long> vram = new HashMap<>();
        for (Allocation a : unknownWorker) {
            ram += a.reservedRamMb();
            a.gpuIndex().ifPresent(gpu -> vram.merge(gpu, a.reservedVramMb(), Long::sum));
        }
        for (Map.Entry<Long, List<Allocation>> worker : byWorker.entrySet()) {
            Optional<ProcessUsage> usage = monitor.processUsage(worker.getKey());
            long declaredRam = worker.getValue().stream()
                    .mapToLong(Allocation::reservedRamMb)
                    .sum();
            ram += Math.max(0, declaredRam - usage.map(u -> (long) u.rssMb()).orElse(0L));
            Map<Integer, Long> declaredVram = new HashMap<>();
            for (Allocation a : worker.getValue()) {
                a.gpuIndex().ifPresent(gpu -> declaredVram.merge(gpu, a.reservedVramMb(), Long::sum));
            }
            declaredVram.forEach((gpu, declared) -> vram.merge(
                    gpu,
                    Math.max(0, declared - usage.map(u -> u.gpuMemoryMb(gpu)).orElse(0L)),
                    Long::sum));
        }
        return new Outstanding(ram, vram, active.size());
    }
}
