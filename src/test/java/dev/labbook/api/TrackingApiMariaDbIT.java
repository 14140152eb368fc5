package dev.labbook.api;

import org.junit.jupiter.api.Assumptions;

/**
 * The tracking API contract on MariaDB. Set LABBOOK_TEST_MARIADB_URL, e.g.
 * {@code jdbc:mariadb://127.0.0.1:3306/labbook_junit?user=labbook&password=labbook}; skipped without it.
 */
class TrackingApiMariaDbIT extends TrackingApiContract {
    @Override
    protected String backendStoreUri() {
        String url = System.getenv(LabbookServer.MARIADB_ENV);
        Assumptions.assumeTrue(url != null && !url.isBlank(), LabbookServer.MARIADB_ENV + " is not set");
        return url;
    }
}
