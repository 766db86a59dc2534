package dev.cordon.scheduler.internal.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupMemoryLimitTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path root;

    private Path proc() {
        return root.resolve("proc");
    }

    private Path cgroup() {
        return root.resolve("cgroup");
    }

    private void write(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void readsAV2LimitAndDiscountsReclaimablePageCache() throws IOException {
        write(proc().resolve("self/cgroup"), "0::/workers/cordon\n");
        write(cgroup().resolve("cgroup.controllers"), "cpu memory pids\n");
        write(cgroup().resolve("workers/cordon/memory.max"), 4096 * MB + "\n");
        write(cgroup().resolve("workers/cordon/memory.current"), 1500 * MB + "\n");
        write(cgroup().resolve("workers/cordon/memory.stat"), "anon 1\ninactive_file " + 500 * MB + "\n");

        assertThat(CgroupMemoryLimit.read(proc(), cgroup())).contains(new CgroupMemoryLimit(4096 * MB, 1000 * MB));
        assertThat(CgroupMemoryLimit.read(proc(), cgroup()).orElseThrow().availableBytes())
                .isEqualTo(3096 * MB);
    }

    @Test
    void aV2GroupWithoutLimitHasNone() throws IOException {
        write(proc().resolve("self/cgroup"), "0::/\n");
        write(cgroup().resolve("cgroup.controllers"), "memory\n");
        write(cgroup().resolve("memory.max"), "max\n");
        write(cgroup().resolve("memory.current"), "1000\n");

        assertThat(CgroupMemoryLimit.read(proc(), cgroup())).isEmpty();
    }

    @Test
    void takesTheLowestV1LimitOnTheWayToTheRoot() throws IOException {
        write(proc().resolve("self/cgroup"), "5:cpu,cpuacct:/\n4:memory:/process_api/abc\n0::/\n");
        write(cgroup().resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        write(cgroup().resolve("memory/process_api/memory.limit_in_bytes"), 2048 * MB + "\n");
        write(cgroup().resolve("memory/process_api/abc/memory.limit_in_bytes"), 8192 * MB + "\n");
        write(cgroup().resolve("memory/process_api/abc/memory.usage_in_bytes"), 600 * MB + "\n");
        write(
                cgroup().resolve("memory/process_api/abc/memory.stat"),
                "cache 1\ntotal_inactive_file " + 100 * MB + "\n");

        assertThat(CgroupMemoryLimit.read(proc(), cgroup())).contains(new CgroupMemoryLimit(2048 * MB, 500 * MB));
    }

    @Test
    void anUnlimitedV1GroupHasNone() throws IOException {
        write(proc().resolve("self/cgroup"), "4:memory:/\n");
        write(cgroup().resolve("memory/memory.limit_in_bytes"), "9223372036854771712\n");
        write(cgroup().resolve("memory/memory.usage_in_bytes"), "52060160\n");

        assertThat(CgroupMemoryLimit.read(proc(), cgroup())).isEmpty();
    }

    @Test
    void aMachineWithoutMemoryControllerHasNone() throws IOException {
        write(proc().resolve("self/cgroup"), "0::/\n");
        Files.createDirectories(cgroup());

        assertThat(CgroupMemoryLimit.read(proc(), cgroup())).isEmpty();
    }
}
