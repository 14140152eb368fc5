package dev.labbook.metrics;

import dev.labbook.api.LabbookServer;
import org.junit.jupiter.api.Assumptions;

/** Concurrent ingestion on MariaDB (LABBOOK_TEST_MARIADB_URL); skipped when the variable is unset. */
class ConcurrentIngestionMariaDbIT extends ConcurrentIngestionContract {
    @Override
    protected String backendStoreUri() {
        String url = System.getenv(LabbookServer.MARIADB_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(), LabbookServer.MARIADB_ENV + " is not set");
        return url;
    }
}
