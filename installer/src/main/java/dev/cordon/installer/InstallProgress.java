package dev.cordon.installer;

/**
 * What an install reports while it runs: a progress bar on a terminal, plain lines otherwise.
 */
public interface InstallProgress {

    /** Reports nothing. */
    InstallProgress NONE = new InstallProgress() {
        @Override
        public void step(String plugin, String description) {}

        @Override
        public void transfer(String plugin, String what, long done, long total) {}
    };

    /** A step of the install of {@code plugin} begins, for example "creating the virtual environment". */
    void step(String plugin, String description);

    /**
     * A transfer (a download, an unpack) advanced.
     *
     * @param done bytes or items done so far
     * @param total the total, or {@code -1} when unknown
     */
    void transfer(String plugin, String what, long done, long total);
}
