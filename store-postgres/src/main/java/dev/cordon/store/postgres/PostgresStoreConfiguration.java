package dev.cordon.store.postgres;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the PostgreSQL stores (PID {@value #PID}, file {@code etc/dev.cordon.store.postgres.cfg}). The
 * stores exist only while this configuration does; then they outrank the SQLite stores.
 */
@ObjectClassDefinition(
        name = "Cordon PostgreSQL stores",
        description = "The PostgreSQL server that holds the job queue, plugin configurations and resource records.")
public @interface PostgresStoreConfiguration {

    /** The configuration PID every PostgreSQL component reads. */
    String PID = "dev.cordon.store.postgres";

    /** The JDBC URL of the database, for example {@code jdbc:postgresql://db.example:5432/cordon}. */
    @AttributeDefinition(name = "JDBC URL", description = "jdbc:postgresql://host:port/database")
    String url();

    /** The role Cordon logs in as. */
    @AttributeDefinition(name = "User", description = "The PostgreSQL role Cordon logs in as.")
    String user();

    /** The role's password; prefer {@link #password_file()}, which keeps it out of the configuration. */
    @AttributeDefinition(
            name = "Password",
            type = AttributeType.PASSWORD,
            required = false,
            description = "The role's password; empty when password.file is set or the server needs none.")
    String password() default "";

    /** A file whose first line is the password; wins over {@link #password()}. */
    @AttributeDefinition(
            name = "Password file",
            required = false,
            description = "A file whose first line is the password (readable by the Cordon user only).")
    String password_file() default "";

    /** The schema of Cordon's tables, created when missing; hosts of one cluster use the same one. */
    @AttributeDefinition(
            name = "Schema",
            required = false,
            description = "Schema of Cordon's tables (letters, digits, _), created when missing.")
    String schema() default PostgresSettings.DEFAULT_SCHEMA;

    /** Connections each store keeps open at most (three stores, so three times this per host). */
    @AttributeDefinition(
            name = "Pool size",
            required = false,
            description = "Connections each of the three stores keeps open at most.")
    int pool_size() default PostgresSettings.DEFAULT_POOL_SIZE;

    /** How long to wait for a connection (from the pool, or a new one from the server) before failing. */
    @AttributeDefinition(
            name = "Connect timeout (seconds)",
            required = false,
            description = "How long a store waits for a connection before the call fails.")
    int connect_timeout_s() default PostgresSettings.DEFAULT_CONNECT_TIMEOUT_S;
}
