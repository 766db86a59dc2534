package dev.cordon.examples.memhog;

import dev.cordon.api.plugin.ConfiglessPlugin;
import dev.cordon.api.plugin.Invocation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Allocates and keeps memory in 8 MiB blocks, touching every page, until it is stopped: by the kernel (the host
 * then sees a worker killed during a call), by the JVM's heap limit (an OutOfMemoryError, a {@code resource}
 * error) or, with the keyword argument {@code mb}, after that many MiB (it then returns the amount).
 */
public final class MemhogPlugin implements ConfiglessPlugin {

    private static final int BLOCK = 8 * 1024 * 1024;

    private final List<byte[]> kept = new ArrayList<>();

    @Override
    public String name() {
        return "memhog";
    }

    @Override
    public String version() {
        return "1.0.0";
    }

    @Override
    public Object execute(Invocation invocation) {
        long limitMb = invocation.kwarg("mb", Long.class, Long.MAX_VALUE);
        long allocatedMb = 0;
        try {
            while (allocatedMb < limitMb) {
                invocation.context().checkCancelled();
                byte[] block = new byte[BLOCK];
                for (int i = 0; i < block.length; i += 4096) {
                    block[i] = 1;
                }
                kept.add(block);
                allocatedMb += BLOCK / (1024 * 1024);
            }
            return Map.of("allocated_mb", allocatedMb);
        } finally {
            if (allocatedMb >= limitMb) {
                kept.clear();
            }
        }
    }

    @Override
    public void cleanup() {
        kept.clear();
    }
}
