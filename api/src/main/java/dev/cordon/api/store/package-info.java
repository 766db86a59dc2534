/**
 * What Cordon remembers across restarts: per-plugin configuration, measured resource usage, plugin secrets, the
 * journal of what the runtime did and the workers' log lines. Each store is a service provider interface so a
 * deployment can swap the backend (SQLite, PostgreSQL, memory, an encrypted file) without touching the code that uses
 * it.
 */
@Export
@Version("1.1.0")
package dev.cordon.api.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
