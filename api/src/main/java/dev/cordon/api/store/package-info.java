/**
 * What Cordon remembers across restarts: per-plugin configuration, measured resource usage and plugin
 * secrets. Each store is a service provider interface so a deployment can swap the backend (SQLite,
 * memory, an encrypted file, later a shared database) without touching the code that uses it.
 */
@Export
@Version("1.0.0")
package dev.cordon.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
