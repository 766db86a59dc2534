package dev.cordon.installer.java;

import dev.cordon.installer.InstallProgress;
import org.eclipse.aether.transfer.AbstractTransferListener;
import org.eclipse.aether.transfer.TransferEvent;

/** Reports Maven Resolver's downloads as install progress: one transfer per file, bytes done of its size. */
final class ProgressTransfers extends AbstractTransferListener {

    private final String plugin;
    private final InstallProgress progress;

    ProgressTransfers(String plugin, InstallProgress progress) {
        this.plugin = plugin;
        this.progress = progress;
    }

    @Override
    public void transferProgressed(TransferEvent event) {
        report(event);
    }

    @Override
    public void transferSucceeded(TransferEvent event) {
        report(event);
    }

    private void report(TransferEvent event) {
        var resource = event.getResource();
        progress.transfer(
                plugin,
                "downloading " + resource.getResourceName(),
                event.getTransferredBytes(),
                resource.getContentLength());
    }
}
