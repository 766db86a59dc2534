package dev.cordon.scheduler.contract;

import dev.cordon.api.scheduling.ResourceScheduler;
import dev.cordon.scheduler.internal.monitor.ProcSystemMonitor;
import dev.cordon.scheduler.internal.policy.PermissiveScheduler;
import dev.cordon.scheduler.internal.policy.QueueScheduler;
import dev.cordon.scheduler.internal.policy.SafetyScheduler;
import dev.cordon.testkit.scheduling.ResourceSchedulerContract;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The three policies against the ResourceScheduler contract, the measuring ones reading this machine. */
class PolicyContractTest {

    @Nested
    class Permissive extends ResourceSchedulerContract {
        @Override
        protected ResourceScheduler newScheduler() {
            return new PermissiveScheduler();
        }

        @Override
        protected boolean refusesWhatTheMachineCannotHold() {
            return false;
        }
    }

    @Nested
    class Safety extends ResourceSchedulerContract {
        @Override
        protected ResourceScheduler newScheduler() {
            return new SafetyScheduler(ProcSystemMonitor.ofThisMachine());
        }

        @Override
        protected boolean refusesWhatTheMachineCannotHold() {
            return true;
        }
    }

    @Nested
    class Queue extends ResourceSchedulerContract {
        @Override
        protected ResourceScheduler newScheduler() {
            // A short wait: the contract's refused execution waits this long before the refusal.
            return new QueueScheduler(
                    ProcSystemMonitor.ofThisMachine(),
                    Duration.ofMillis(300),
                    Duration.ofMillis(50),
                    Clock.systemUTC());
        }

        @Override
        protected boolean refusesWhatTheMachineCannotHold() {
            return true;
        }
    }
}
