/**
 * The PostgreSQL stores: {@link dev.cordon.store.postgres.PostgresJobStore},
 * {@link dev.cordon.store.postgres.PostgresConfigStore} and
 * {@link dev.cordon.store.postgres.PostgresEmpiricalResourceStore}, DS components active while
 * {@code etc/dev.cordon.store.postgres.cfg} exists, which embedding code can also construct from
 * {@link dev.cordon.store.postgres.PostgresSettings}.
 */
@Export
@Version("1.0.0")
package dev.cordon.store.postgres;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
