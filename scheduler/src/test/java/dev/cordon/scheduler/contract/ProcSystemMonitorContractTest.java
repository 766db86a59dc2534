package dev.cordon.scheduler.contract;

import dev.cordon.api.scheduling.SystemMonitor;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.testkit.scheduling.SystemMonitorContract;

/** The procfs monitor against the SystemMonitor contract, on this machine. */
class ProcSystemMonitorContractTest extends SystemMonitorContract {

    private final ProcSystemMonitor monitor = ProcSystemMonitor.ofThisMachine();

    @Override
    protected SystemMonitor monitor() {
        return monitor;
    }
}
