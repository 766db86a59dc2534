package dev.cordon.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cordon.api.store.StoreException;
import java.lang.annotation.Annotation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading and checking the PostgreSQL store settings; no server needed. */
class PostgresSettingsTest {

    private static final String URL = "jdbc:postgresql://db.example:5432/cordon";

    @TempDir
    Path folder;

    @Test
    void thePasswordFileWinsOverThePasswordAndOnlyItsFirstLineCounts() throws Exception {
        Path file = folder.resolve("pg.password");
        Files.writeString(file, "s3cret-from-file\nignored\n");

        PostgresSettings settings = PostgresSettings.from(configuration(URL, "cordon", "inline", file.toString()));

        assertThat(settings.password()).isEqualTo("s3cret-from-file");
        assertThat(settings.schema()).isEqualTo("cordon");
        assertThat(settings.poolSize()).isEqualTo(4);
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aMissingPasswordFileIsNamedWithTheSettingThatNamesIt() {
        Path missing = folder.resolve("absent");
        assertThatThrownBy(() -> PostgresSettings.from(configuration(URL, "cordon", "", missing.toString())))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("password.file")
                .hasMessageContaining("etc/dev.cordon.store.postgres.cfg");
    }

    @Test
    void aWrongSettingIsNamedAndTheFileToFixItIn() {
        assertThatThrownBy(() -> PostgresSettings.of("jdbc:sqlite:cordon.db", "cordon", ""))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("url")
                .hasMessageContaining("jdbc:sqlite:cordon.db")
                .hasMessageContaining("etc/dev.cordon.store.postgres.cfg");
        assertThatThrownBy(() -> PostgresSettings.of(URL, " ", "")).hasMessageContaining("user");
        assertThatThrownBy(() -> PostgresSettings.of(URL, "cordon", "").withSchema("Robert'); DROP TABLE jobs"))
                .hasMessageContaining("schema");
        assertThatThrownBy(() -> new PostgresSettings(URL, "cordon", "", "cordon", 0, Duration.ofSeconds(5)))
                .hasMessageContaining("pool.size");
    }

    @Test
    void thePasswordNeverAppearsInTextAboutTheSettings() {
        PostgresSettings settings = PostgresSettings.of(URL, "cordon", "hunter2-secret");
        assertThat(settings.toString()).doesNotContain("hunter2-secret").contains(URL);
        assertThat(settings.describe()).doesNotContain("hunter2-secret");
    }

    private static PostgresStoreConfiguration configuration(
            String url, String user, String password, String passwordFile) {
        return new PostgresStoreConfiguration() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return PostgresStoreConfiguration.class;
            }

            @Override
            public String url() {
                return url;
            }

            @Override
            public String user() {
                return user;
            }

            @Override
            public String password() {
                return password;
            }

            @Override
            public String password_file() {
                return passwordFile;
            }

            @Override
            public String schema() {
                return PostgresSettings.DEFAULT_SCHEMA;
            }

            @Override
            public int pool_size() {
                return PostgresSettings.DEFAULT_POOL_SIZE;
            }

            @Override
            public int connect_timeout_s() {
                return PostgresSettings.DEFAULT_CONNECT_TIMEOUT_S;
            }
        };
    }
}
