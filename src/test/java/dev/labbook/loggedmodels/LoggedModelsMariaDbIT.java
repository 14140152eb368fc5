package dev.labbook.loggedmodels;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The logged-model contract on MariaDB, at {@code LABBOOK_TEST_MARIADB_URL} (a jdbc:mariadb URL
 * with user and password); skipped when the variable is unset.
 */
class LoggedModelsMariaDbIT extends LoggedModelSearchContract {
    @Override
    String backendUri() {
        String url = System.getenv("LABBOOK_TEST_MARIADB_URL");
        assumeTrue(url != null && !url.isBlank(), "LABBOOK_TEST_MARIADB_URL is not set");
        return url;
    }
}
