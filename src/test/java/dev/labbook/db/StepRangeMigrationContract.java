package dev.labbook.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Test;

/**
 * Upgrading a database that already holds metrics: V5 fills each series' step range and whether it
 * is dense from its history (dense, gappy, a repeated step, and the int64 extremes, whose span
 * overflows BIGINT)
 * and adds the (key, value) param index, on each database the server supports.
 */
abstract class StepRangeMigrationContract {

    abstract String jdbcUrl();

    abstract SQLDialect dialect();

    @Test
    void upgradeFillsStepRangesFromExistingHistory() throws Exception {
        BackendUri backend = BackendUri.parse(jdbcUrl());
        try (Database db = new Database(backend, 2)) {
            flyway(db, "4").migrate();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                insertSeries(s, "dense", 3, 0, 1, 2, 4);
                insertSeries(s, "gappy", 0, 2);
                insertSeries(s, "repeated", 5, 5, 6);
                insertSeries(s, "extremes", Long.MIN_VALUE, Long.MAX_VALUE);
            }
            flyway(db, "latest").migrate();
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT `key`, min_step, max_step, steps_dense, step "
                        + "FROM latest_metrics ORDER BY `key`")) {
                    while (r.next()) {
                        rows.add(r.getString(1) + " " + r.getLong(2) + ".." + r.getLong(3) + " "
                                + r.getBoolean(4) + " latest@" + r.getLong(5));
                    }
                }
                assertEquals(List.of(
                        "dense 0..4 true latest@4",
                        "extremes " + Long.MIN_VALUE + ".." + Long.MAX_VALUE + " false latest@" + Long.MAX_VALUE,
                        "gappy 0..2 false latest@2",
                        "repeated 5..6 false latest@6"), rows);
                boolean indexed = false;
                try (ResultSet r = c.getMetaData().getIndexInfo(null, null, "params", false, false)) {
                    while (r.next()) {
                        indexed |= "params_key_value".equalsIgnoreCase(r.getString("INDEX_NAME"));
                    }
                }
                assertTrue(indexed, "params_key_value index created");
            }
        }
    }

    private Flyway flyway(Database db, String target) {
        return Flyway.configure().dataSource(db.dataSource()).locations("classpath:db/migration")
                .table("labbook_schema_history").placeholders(Migrations.placeholders(dialect()))
                .target(target).load();
    }

    /** A history with the given steps (unordered, repeats allowed) and its latest point, as V4 kept it. */
    private static void insertSeries(Statement s, String key, long... steps) throws Exception {
        long latest = Long.MIN_VALUE;
        for (int i = 0; i < steps.length; i++) {
            s.execute("INSERT INTO metrics (run_uuid, `key`, step, `timestamp`, `value`, is_nan) VALUES "
                    + "('0123456789abcdef0123456789abcdef', '" + key + "', " + steps[i] + ", " + i + ", " + i + ", FALSE)");
            latest = Math.max(latest, steps[i]);
        }
        s.execute("INSERT INTO latest_metrics (run_uuid, `key`, step, `timestamp`, `value`, is_nan) VALUES "
                + "('0123456789abcdef0123456789abcdef', '" + key + "', " + latest + ", 0, 0, FALSE)");
    }
}
