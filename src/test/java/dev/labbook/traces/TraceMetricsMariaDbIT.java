package dev.labbook.traces;

import dev.labbook.registry.MariaDbScratchDatabase;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.Assumptions;

/** The trace metrics contract on MariaDB, in a scratch database; skipped without LABBOOK_TEST_MARIADB_URL. */
class TraceMetricsMariaDbIT extends TraceMetricsContract {
    private MariaDbScratchDatabase database;

    @Override
    String backendUri() throws Exception {
        Assumptions.assumeTrue(System.getenv(MariaDbScratchDatabase.URL_VARIABLE) != null,
                MariaDbScratchDatabase.URL_VARIABLE + " not set");
        database = new MariaDbScratchDatabase("labbook_junit_trace_metrics");
        return database.jdbcUrl();
    }

    @Override
    SQLDialect dialect() {
        return SQLDialect.MARIADB;
    }

    @Override
    void dropDatabase() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
