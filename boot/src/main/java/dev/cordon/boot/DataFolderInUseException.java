package dev.cordon.boot;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Another Cordon runtime holds the data folder: one runtime per data folder keeps two hosts from sharing one
 * database, deploy folder and set of workers.
 */
public final class DataFolderInUseException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final transient Path dataDir;
    private final long pid;

    /**
     * @param dataDir the data folder
     * @param pid the process holding it, or -1 when its lock file does not say
     */
    public DataFolderInUseException(Path dataDir, long pid) {
        super("The data folder " + dataDir + " is in use by another Cordon runtime"
                + (pid > 0 ? " (pid " + pid + ")" : "")
                + ": attach to it with 'bin/cordon shell', stop it first, or choose another data folder with --data");
        this.dataDir = dataDir;
        this.pid = pid;
    }

    /** The data folder that is in use. */
    public Path dataDir() {
        return dataDir;
    }

    /** The process holding the data folder, when its lock file names it. */
    public OptionalLong pid() {
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }
}
