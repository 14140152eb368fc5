package dev.labbook.db;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the SQL files shipped in the jar under db/migration (the repo's migrations/ folder). */
public final class Migrations {
    private Migrations() {}

    public static MigrateResult apply(DataSource dataSource) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("labbook_schema_history")
                .load()
                .migrate();
    }
}
