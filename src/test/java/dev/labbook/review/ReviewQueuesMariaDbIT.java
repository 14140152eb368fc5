package dev.labbook.review;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.labbook.api.LabbookServer;

/** The label-schema and review-queue contract on MariaDB at LABBOOK_TEST_MARIADB_URL; skipped when it is unset. */
class ReviewQueuesMariaDbIT extends ReviewQueuesContract {
    @Override
    String backendUri() {
        String url = System.getenv(LabbookServer.MARIADB_ENV);
        assumeTrue(url != null && !url.isBlank(), LabbookServer.MARIADB_ENV + " is not set");
        return url;
    }
}
