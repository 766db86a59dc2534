package dev.cordon.runtime.internal.manager;

import java.util.Locale;

/** The platform names of manifests' {@code resources.platforms}. */
final class Platform {

    private Platform() {}

    /** This machine's platform in the manifests' spelling, for example {@code linux-x64}. */
    static String current() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String o = os.contains("win") ? "win" : os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
        String a = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "x64";
        return o + "-" + a;
    }
}
