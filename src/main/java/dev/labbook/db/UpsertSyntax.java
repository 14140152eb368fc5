package dev.labbook.db;

import org.jooq.DSLContext;
import org.jooq.SQLDialect;

/**
 * Multi-row INSERT IGNORE and ON DUPLICATE KEY UPDATE, rendered in MariaDB's syntax for both
 * databases. H2 runs in MariaDB mode and understands that syntax natively, whereas jOOQ's H2
 * emulation (a MERGE over a UNION of every row) makes H2's parser slow down quadratically on
 * 1000-row batches.
 */
public final class UpsertSyntax {
    private UpsertSyntax() {}

    /** The same connection and transaction, rendering MariaDB SQL. */
    public static DSLContext of(DSLContext ctx) {
        if (ctx.dialect() == SQLDialect.MARIADB) {
            return ctx;
        }
        return ctx.configuration().derive(SQLDialect.MARIADB).dsl();
    }
}
