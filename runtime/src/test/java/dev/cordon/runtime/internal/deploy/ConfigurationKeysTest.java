package dev.cordon.runtime.internal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigurationKeysTest {

    @interface Settings {
        int max_running() default 1;

        String lanes() default "";

        boolean keep__underscore() default false;
    }

    @Test
    void methodsAreReadUnderTheirDeclarativeServicesNames() {
        assertThat(ConfigurationKeys.known(Settings.class))
                .containsExactlyInAnyOrder("max.running", "lanes", "keep_underscore");
    }

    @Test
    void anUnderscoreWhereADotBelongsAndATypoAreReportedButFrameworkKeysAreNot() {
        assertThat(ConfigurationKeys.problems(
                        Settings.class,
                        Map.of(
                                "max_running", "2",
                                "lanse", "a=1",
                                "lanes", "b=2",
                                "service.pid", "dev.cordon.jobs",
                                "felix.fileinstall.filename", "file:/x.cfg")))
                .containsExactly(
                        "unknown key 'lanse' is ignored; the keys read are [keep_underscore, lanes, max.running]",
                        "unknown key 'max_running' is ignored; write 'max.running'");
    }
}
