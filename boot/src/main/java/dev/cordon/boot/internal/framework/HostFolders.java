package dev.cordon.boot.internal.framework;

import java.nio.file.Path;

/**
 * The folders one framework start reads and writes, already absolute.
 *
 * @param home the Cordon home
 * @param etc framework properties, {@code logback.xml} and ConfigAdmin files
 * @param deploy the folder FileInstall watches
 * @param data databases, logs, manifests and secrets
 * @param frameworkCache the framework's bundle cache, wiped at each start
 */
public record HostFolders(Path home, Path etc, Path deploy, Path data, Path frameworkCache) {

    /** Where ConfigAdmin keeps its configurations, outside the bundle cache so they outlive a restart. */
    public Path configStore() {
        return data.resolve("config");
    }
}
