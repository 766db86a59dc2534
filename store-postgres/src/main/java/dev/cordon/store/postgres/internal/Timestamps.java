package dev.cordon.store.postgres.internal;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** {@code TIMESTAMPTZ} columns as {@link Instant}s, at the microsecond precision PostgreSQL keeps. */
public final class Timestamps {

    private Timestamps() {}

    /** {@code at} cut to what a {@code TIMESTAMPTZ} column holds, so what is returned equals what is read back. */
    public static Instant stored(Instant at) {
        return at.truncatedTo(ChronoUnit.MICROS);
    }

    /** Binds {@code at} (null binds SQL NULL). */
    public static void set(PreparedStatement p, int index, Instant at) throws SQLException {
        if (at == null) {
            p.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            p.setObject(index, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
        }
    }

    /** The instant in column {@code index}, or null. */
    public static Instant get(ResultSet rs, int index) throws SQLException {
        OffsetDateTime at = rs.getObject(index, OffsetDateTime.class);
        return at == null ? null : at.toInstant();
    }
}
