/**
 * Cordon's Java worker: serves one plugin instance over worker protocol v1 (docs/protocol.md). The boot layer
 * holds this module, the API, the protocol and manifest modules, Netty and Gson; the plugin's jars form a child
 * layer above it.
 */
module dev.cordon.worker {
    requires java.logging;
    requires dev.cordon.api;
    requires dev.cordon.protocol;
    requires dev.cordon.manifest;
    requires io.netty.common;
    requires io.netty.buffer;
    requires io.netty.transport;
    requires io.netty.codec;
    requires io.netty.codec.http;
    requires io.netty.handler;

    // java.util.logging instantiates the worker's configuration and handler by name.
    exports dev.cordon.worker.internal.logging to
            java.logging;

    uses dev.cordon.api.plugin.Plugin;
}
