package dev.cordon.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UtcStampTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void agreesWithJavaTimeOnEdgesAndRandomInstants() {
        long[] edges = {
            0,
            -1,
            1,
            951_782_400_000L,
            951_868_799_999L,
            4_107_542_400_000L,
            -62_135_596_800_000L,
            253_402_300_799_999L,
            1_798_761_599_999L,
            1_798_761_600_000L,
            Instant.parse("2024-02-29T23:59:59.999Z").toEpochMilli()
        };
        for (long ms : edges) {
            assertThat(UtcStamp.format(ms)).as("%d", ms).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(ms)));
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 200_000; i++) {
            long ms = random.nextLong(-62_135_596_800_000L, 253_402_300_800_000L);
            assertThat(UtcStamp.format(ms)).isEqualTo(REFERENCE.format(Instant.ofEpochMilli(ms)));
        }
    }
}
