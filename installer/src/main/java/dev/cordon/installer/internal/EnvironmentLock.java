package dev.cordon.installer.internal;

import dev.cordon.installer.InstallFailedException;
import dev.cordon.installer.PluginEnvironment;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on one plugin's environment, held while it is installed, regenerated or removed. */
public final class EnvironmentLock implements AutoCloseable {

    private final FileChannel channel;

    private EnvironmentLock(FileChannel channel) {
        this.channel = channel;
    }

    /**
     * Takes the lock {@code envs/.<name>.lock}; fails at once when another process holds it.
     *
     * @throws InstallFailedException when another command holds it
     */
    public static EnvironmentLock take(PluginEnvironment env) throws IOException {
        Path lockFile = env.envDir().resolveSibling("." + env.name() + ".lock");
        Files.createDirectories(lockFile.getParent());
        FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            if (channel.tryLock() == null) {
                throw busy(env, lockFile);
            }
        } catch (java.nio.channels.OverlappingFileLockException e) {
            channel.close();
            throw busy(env, lockFile);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        return new EnvironmentLock(channel);
    }

    private static InstallFailedException busy(PluginEnvironment env, Path lockFile) {
        return new InstallFailedException(
                env.name(),
                "Plugin '" + env.name() + "' is being installed or removed by another cordon command (lock " + lockFile
                        + "); wait for it to finish");
    }

    /** Releases the lock. */
    @Override
    public void close() throws IOException {
        channel.close();
    }
}
