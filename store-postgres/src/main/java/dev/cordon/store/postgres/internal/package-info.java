/** The connection pool, schema migrations and failure messages behind the PostgreSQL stores; not exported. */
package dev.cordon.store.postgres.internal;
