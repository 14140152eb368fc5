package dev.labbook.registry;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/** The model-version contract on MariaDB, in a scratch database on the server LABBOOK_TEST_MARIADB_URL names. */
@EnabledIfEnvironmentVariable(named = MariaDbScratchDatabase.URL_VARIABLE, matches = ".+")
class ModelVersionsIT extends ModelVersionsContract {
    private MariaDbScratchDatabase database;

    @Override
    protected String backendStoreUri() throws Exception {
        database = new MariaDbScratchDatabase("labbook_junit_registry");
        return database.jdbcUrl();
    }

    @Override
    protected void releaseBackend() throws Exception {
        if (database != null) {
            database.close();
        }
    }
}
