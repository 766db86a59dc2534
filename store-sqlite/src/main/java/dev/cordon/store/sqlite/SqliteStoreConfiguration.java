package dev.cordon.store.sqlite;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the SQLite stores (PID {@value #PID}, file {@code etc/dev.cordon.store.sqlite.cfg}).
 * Both stores read the same configuration, so they share one database file unless told otherwise.
 */
@ObjectClassDefinition(
        name = "Cordon SQLite stores",
        description = "Where the configuration and empirical resource stores keep their database.")
public @interface SqliteStoreConfiguration {

    /** The configuration PID both SQLite components read. */
    String PID = "dev.cordon.store.sqlite";

    /** The default database file name inside the data folder. */
    String DEFAULT_FILE_NAME = "cordon.db";

    /**
     * The database file. Empty (the default) means {@code <cordon.data>/cordon.db}, where
     * {@code cordon.data} is the framework property of that name, or {@code data/} when unset. The
     * folder is created when missing; SQLite adds {@code -wal} and {@code -shm} files beside it.
     */
    @AttributeDefinition(
            name = "Database file",
            required = false,
            description = "Path of the SQLite database; empty means <cordon.data>/cordon.db.")
    String db_path() default "";
}
