package dev.cordon.cli.internal;

import dev.cordon.installer.internal.ManifestAssembly;
import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the version of Cordon's installer jar. */
final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {"cordon " + ManifestAssembly.version()};
    }
}
