package dev.cordon.scheduler.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ProcParsersTest {

    @Test
    void meminfoGivesTotalAndAvailable() {
        String text = "MemTotal:       24684096 kB\nMemFree:        24551156 kB\nMemAvailable:   24457840 kB\n"
                + "Buffers:            1184 kB\nCached:            36788 kB\n";

        assertThat(Meminfo.parse(text)).isEqualTo(new Meminfo(24684096, 24457840));
    }

    @Test
    void meminfoOfAnOldKernelEstimatesAvailableFromFreeBuffersAndCache() {
        String text = "MemTotal: 1000 kB\nMemFree: 100 kB\nBuffers: 20 kB\nCached: 300 kB\n";

        assertThat(Meminfo.parse(text)).isEqualTo(new Meminfo(1000, 420));
    }

    @Test
    void meminfoWithoutTotalIsRejected() {
        assertThatThrownBy(() -> Meminfo.parse("MemFree: 1 kB\n")).hasMessageContaining("MemTotal");
    }

    @Test
    void loadavgGivesThreeAverages() {
        assertThat(LoadAverage.parse("0.05 0.14 0.06 1/86 3907\n")).isEqualTo(new LoadAverage(0.05, 0.14, 0.06));
        assertThatThrownBy(() -> LoadAverage.parse("busy")).hasMessageContaining("three numbers");
    }

    @Test
    void statIsReadAfterTheLastParenthesisOfTheCommandName() {
        String line = "4242 (we (ird) name) S 17 4242 4242 0 -1 4194560 1000 0 0 0 250 75 3 4 20 0 1 0 98765"
                + " 12345678 2500 18446744073709551615 0 0 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";

        assertThat(ProcStat.parse(line)).isEqualTo(new ProcStat(4242, 17, 250, 75, 3, 4, 98765));
        assertThat(ProcStat.parse(line).cpuTicks()).isEqualTo(332);
    }

    @Test
    void aTruncatedStatLineIsRejected() {
        assertThatThrownBy(() -> ProcStat.parse("12 (x) S 1 2")).hasMessageContaining("/proc/<pid>/stat");
    }

    @Test
    void statusGivesTheResidentSetOrZeroForAKernelThread() {
        assertThat(ProcStatus.rssKb("Name:\tjava\nVmPeak:\t 100 kB\nVmRSS:\t  204800 kB\n"))
                .isEqualTo(204800);
        assertThat(ProcStatus.rssKb("Name:\tkworker/0:1\nState:\tI (idle)\n")).isZero();
    }
}
