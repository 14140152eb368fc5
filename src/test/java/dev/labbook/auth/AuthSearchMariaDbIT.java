package dev.labbook.auth;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The search-filtering contract on MariaDB (its NOT IN / IN sub-queries and keyset tokens), in a
 * scratch database on the server LABBOOK_TEST_MARIADB_URL names, dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "LABBOOK_TEST_MARIADB_URL", matches = ".+")
class AuthSearchMariaDbIT extends AuthSearchContract {
    private final String serverUrl = System.getenv("LABBOOK_TEST_MARIADB_URL");
    private final String database = "labbook_auth_search_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    @Override
    protected String backendStoreUri() throws SQLException {
        execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
        int query = serverUrl.indexOf('?');
        String path = query < 0 ? serverUrl : serverUrl.substring(0, query);
        int slash = path.indexOf('/', "jdbc:mariadb://".length());
        return (slash < 0 ? path : path.substring(0, slash)) + "/" + database + (query < 0 ? "" : serverUrl.substring(query));
    }

    @Override
    protected void releaseBackend() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + database);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
