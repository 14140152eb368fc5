package dev.labbook.db;

import dev.labbook.registry.MariaDbScratchDatabase;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;

/** The same upgrade on MariaDB, in a scratch database; skipped without LABBOOK_TEST_MARIADB_URL. */
class StepRangeMigrationMariaDbIT extends StepRangeMigrationContract {
    private MariaDbScratchDatabase database;

    @BeforeEach
    void create() throws Exception {
        Assumptions.assumeTrue(System.getenv(MariaDbScratchDatabase.URL_VARIABLE) != null,
                MariaDbScratchDatabase.URL_VARIABLE + " not set");
        database = new MariaDbScratchDatabase("labbook_junit_migration");
    }

    @AfterEach
    void drop() throws Exception {
        if (database != null) {
            database.close();
        }
    }

    @Override
    String jdbcUrl() {
        return database.jdbcUrl();
    }

    @Override
    SQLDialect dialect() {
        return SQLDialect.MARIADB;
    }
}
