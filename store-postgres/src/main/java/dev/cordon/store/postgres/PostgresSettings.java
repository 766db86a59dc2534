package dev.cordon.store.postgres;

import dev.cordon.api.store.StoreException;
import dev.cordon.store.postgres.internal.PostgresDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how the PostgreSQL stores connect. {@link #toString()} never shows the password.
 *
 * @param url the JDBC URL, {@code jdbc:postgresql://host:port/database}
 * @param user the role to log in as
 * @param password the role's password, empty when the server needs none
 * @param schema the schema of Cordon's tables, created when missing
 * @param poolSize the most connections one store keeps open
 * @param connectTimeout how long a call waits for a connection
 */
public record PostgresSettings(
        String url, String user, String password, String schema, int poolSize, Duration connectTimeout) {

    /** The schema used when none is configured. */
    public static final String DEFAULT_SCHEMA = "cordon";

    /** The pool size used when none is configured. */
    public static final int DEFAULT_POOL_SIZE = 4;

    /** The connect timeout used when none is configured, in seconds. */
    public static final int DEFAULT_CONNECT_TIMEOUT_S = 10;

    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /**
     * Checks every component.
     *
     * @throws StoreException naming the setting that is wrong and the configuration file that sets it
     */
    public PostgresSettings {
        Objects.requireNonNull(password, "password");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            throw invalid(
                    "url",
                    "must be a PostgreSQL JDBC URL such as jdbc:postgresql://localhost:5432/cordon, got '" + url + "'");
        }
        if (user == null || user.isBlank()) {
            throw invalid("user", "must name the role Cordon logs in as");
        }
        if (schema == null || !SCHEMA.matcher(schema).matches()) {
            throw invalid(
                    "schema",
                    "must be lower-case letters, digits and _ (not starting with a digit), got '" + schema + "'");
        }
        if (poolSize < 1) {
            throw invalid("pool.size", "must be at least 1, got " + poolSize);
        }
        if (connectTimeout == null || connectTimeout.toSeconds() < 1) {
            throw invalid("connect.timeout.s", "must be at least 1 second, got " + connectTimeout);
        }
    }

    /** Settings with the default schema, pool size and connect timeout. */
    public static PostgresSettings of(String url, String user, String password) {
        return new PostgresSettings(
                url, user, password, DEFAULT_SCHEMA, DEFAULT_POOL_SIZE, Duration.ofSeconds(DEFAULT_CONNECT_TIMEOUT_S));
    }

    /**
     * The settings a configuration names, reading the password file when one is set.
     *
     * @throws StoreException when a setting is wrong or the password file cannot be read
     */
    public static PostgresSettings from(PostgresStoreConfiguration configuration) {
        try {
            return read(configuration);
        } catch (StoreException e) {
            throw PostgresDatabase.logged(e);
        }
    }

    private static PostgresSettings read(PostgresStoreConfiguration configuration) {
        String password = configuration.password_file().isBlank()
                ? configuration.password()
                : readPasswordFile(Path.of(configuration.password_file()));
        return new PostgresSettings(
                configuration.url(),
                configuration.user(),
                password,
                configuration.schema(),
                configuration.pool_size(),
                Duration.ofSeconds(configuration.connect_timeout_s()));
    }

    /** The same settings on another schema. */
    public PostgresSettings withSchema(String otherSchema) {
        return new PostgresSettings(url, user, password, otherSchema, poolSize, connectTimeout);
    }

    /** The server, database, role and schema, for messages. */
    public String describe() {
        return url + " (user " + user + ", schema " + schema + ")";
    }

    @Override
    public String toString() {
        return "PostgresSettings[" + describe() + ", pool " + poolSize + "]";
    }

    private static String readPasswordFile(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            int end = text.indexOf('\n');
            return (end < 0 ? text : text.substring(0, end)).strip();
        } catch (IOException e) {
            throw new StoreException(
                    file,
                    "Cannot read the PostgreSQL password file " + file + " named by password.file in etc/"
                            + PostgresStoreConfiguration.PID + ".cfg: " + e
                            + ". Create it with the password on its first line, readable by user "
                            + System.getProperty("user.name") + ".",
                    e);
        }
    }

    private static StoreException invalid(String key, String problem) {
        return new StoreException(
                null,
                "The PostgreSQL store setting " + key + " " + problem + ". Fix it in etc/"
                        + PostgresStoreConfiguration.PID + ".cfg.");
    }
}
