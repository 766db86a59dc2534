package dev.cordon.store.postgres.internal;

import java.util.List;

/**
 * One step of the schema, applied once per schema in version order and recorded in {@code schema_version}. Steps
 * are never edited once released; a change is a new step.
 */
record Migration(int version, String description, List<String> statements) {

    /** Every step, in version order. */
    static final List<Migration> ALL = List.of(
            new Migration(1, "plugin configurations", List.of("""
                    CREATE TABLE plugin_configs (
                        plugin_name TEXT PRIMARY KEY,
                        config_json TEXT NOT NULL,
                        enabled     BOOLEAN NOT NULL DEFAULT TRUE,
                        updated_at  TIMESTAMPTZ NOT NULL
                    )""")),
            new Migration(
                    2,
                    "empirical resource aggregates",
                    List.of("""
                    CREATE TABLE empirical_resources (
                        instance_id             TEXT NOT NULL,
                        plugin_name             TEXT NOT NULL,
                        config_hash             TEXT NOT NULL,
                        sample_count            BIGINT NOT NULL DEFAULT 0,
                        success_count           BIGINT NOT NULL DEFAULT 0,
                        cpu_percent_mean        DOUBLE PRECISION NOT NULL DEFAULT 0.0,
                        memory_mb_peak_max      DOUBLE PRECISION NOT NULL DEFAULT 0.0,
                        memory_mb_peak_mean     DOUBLE PRECISION NOT NULL DEFAULT 0.0,
                        gpu_memory_mb_peak_max  DOUBLE PRECISION NOT NULL DEFAULT 0.0,
                        gpu_memory_mb_peak_mean DOUBLE PRECISION NOT NULL DEFAULT 0.0,
                        duration_seconds_mean   DOUBLE PRECISION NOT NULL DEFAULT 0.0,
                        last_observed           TEXT NOT NULL,
                        api_usage_totals        TEXT NOT NULL DEFAULT '{}',
                        PRIMARY KEY (instance_id, config_hash)
                    )""", "CREATE INDEX empirical_resources_by_plugin ON empirical_resources (plugin_name)")),
            new Migration(
                    3,
                    "jobs with leases",
                    List.of(
                            """
                    CREATE TABLE jobs (
                        seq           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        id            TEXT NOT NULL UNIQUE,
                        instance_id   TEXT NOT NULL,
                        status        TEXT NOT NULL,
                        priority      INTEGER NOT NULL,
                        completed_at  TIMESTAMPTZ,
                        lease_owner   TEXT,
                        lease_until   TIMESTAMPTZ,
                        lease_version BIGINT NOT NULL DEFAULT 0,
                        document      TEXT NOT NULL
                    )""",
                            "CREATE INDEX jobs_run_order ON jobs (priority DESC, seq) WHERE status = 'pending'",
                            "CREATE INDEX jobs_by_status ON jobs (status, seq)",
                            "CREATE INDEX jobs_history ON jobs (completed_at DESC, seq DESC) WHERE completed_at IS NOT NULL",
                            "CREATE INDEX jobs_leases ON jobs (lease_until) WHERE lease_owner IS NOT NULL",
                            "CREATE INDEX jobs_owners ON jobs (lease_owner) WHERE lease_owner IS NOT NULL")),
            new Migration(
                    4,
                    "journal and worker log lines",
                    List.of(
                            """
                    CREATE TABLE journal (
                        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        at_us       BIGINT NOT NULL,
                        kind        TEXT NOT NULL,
                        instance_id TEXT,
                        plugin      TEXT,
                        job_id      TEXT,
                        run_id      TEXT,
                        actor       TEXT,
                        detail      TEXT NOT NULL
                    )""",
                            "CREATE INDEX journal_by_time ON journal (at_us)",
                            "CREATE INDEX journal_by_instance ON journal (instance_id, seq)",
                            "CREATE INDEX journal_by_plugin ON journal (plugin, seq)",
                            "CREATE INDEX journal_by_job ON journal (job_id, seq) WHERE job_id IS NOT NULL",
                            "CREATE INDEX journal_by_run ON journal (run_id, seq) WHERE run_id IS NOT NULL",
                            """
                    CREATE TABLE log_lines (
                        seq         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        at_us       BIGINT NOT NULL,
                        instance_id TEXT NOT NULL,
                        plugin      TEXT NOT NULL,
                        level       TEXT NOT NULL,
                        job_id      TEXT,
                        run_id      TEXT,
                        actor       TEXT,
                        line        TEXT NOT NULL,
                        bytes       BIGINT NOT NULL
                    )""",
                            "CREATE INDEX log_lines_by_time ON log_lines (at_us)",
                            "CREATE INDEX log_lines_by_plugin ON log_lines (plugin, seq)",
                            "CREATE INDEX log_lines_by_instance ON log_lines (instance_id, seq)",
                            "CREATE INDEX log_lines_by_job ON log_lines (job_id, seq) WHERE job_id IS NOT NULL",
                            "CREATE INDEX log_lines_by_run ON log_lines (run_id, seq) WHERE run_id IS NOT NULL")),
            new Migration(
                    5,
                    "compositions",
                    List.of(
                            """
                    CREATE TABLE compositions (
                        seq          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                        id           TEXT NOT NULL UNIQUE,
                        status       TEXT NOT NULL,
                        submitted_at TIMESTAMPTZ NOT NULL,
                        document     TEXT NOT NULL
                    )""",
                            "CREATE INDEX compositions_by_time ON compositions (submitted_at DESC, seq DESC)",
                            "CREATE INDEX compositions_running ON compositions (seq) WHERE status = 'running'")),
            new Migration(
                    6,
                    "cluster hosts and cancel requests",
                    List.of(
                            """
                    CREATE TABLE cluster_hosts (
                        id           TEXT PRIMARY KEY,
                        address      TEXT NOT NULL,
                        plugins      TEXT[] NOT NULL,
                        capacity     INTEGER NOT NULL,
                        running      INTEGER NOT NULL,
                        heartbeat_at TIMESTAMPTZ NOT NULL
                    )""",
                            """
                    CREATE TABLE cancel_requests (
                        job_id       TEXT PRIMARY KEY,
                        requested_by TEXT NOT NULL,
                        requested_at TIMESTAMPTZ NOT NULL
                    )""",
                            // Which host finished a job: the lease owner is cleared when it ends.
                            "ALTER TABLE jobs ADD COLUMN ran_on TEXT")));

    static int latestVersion() {
        return ALL.get(ALL.size() - 1).version();
    }
}
