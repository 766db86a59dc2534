package dev.cordon.worker.internal;

/** The plugin threw: its failure travels to the caller as a typed {@code _job_error}. */
final class PluginFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    PluginFailure(Throwable cause) {
        super(cause.toString(), cause, false, false);
    }
}
