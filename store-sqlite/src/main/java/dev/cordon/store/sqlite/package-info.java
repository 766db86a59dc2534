/**
 * The SQLite stores: {@link dev.cordon.store.sqlite.SqliteConfigStore} and
 * {@link dev.cordon.store.sqlite.SqliteEmpiricalResourceStore}, DS components that embedding code can
 * also construct directly on a database file.
 */
@Export
@Version("1.0.0")
package dev.cordon.store.sqlite;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
