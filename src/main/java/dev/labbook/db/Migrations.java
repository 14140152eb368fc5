package dev.labbook.db;

import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jooq.SQLDialect;

/** Applies the SQL files shipped in the jar under db/migration (the repo's migrations/ folder). */
public final class Migrations {
    private Migrations() {}

    public static MigrateResult apply(DataSource dataSource, SQLDialect dialect) {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .table("labbook_schema_history")
                .placeholders(placeholders(dialect))
                .load()
                .migrate();
    }

    /** The few spots where one migration needs a different spelling on each database. */
    static Map<String, String> placeholders(SQLDialect dialect) {
        boolean mariadb = dialect == SQLDialect.MARIADB || dialect == SQLDialect.MYSQL;
        return Map.of("param_value_prefix", mariadb ? "(256)" : "");
    }
}
