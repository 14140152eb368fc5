package dev.labbook.registry;

import dev.labbook.api.LabbookServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh MariaDB database on the server named by LABBOOK_TEST_MARIADB_URL, dropped afterwards.
 * The registry ITs do not migrate the shared test database: a schema that ran V3 before another
 * branch's V2 existed would make Flyway refuse that database for everyone afterwards.
 */
public final class MariaDbScratchDatabase implements AutoCloseable {
    public static final String URL_VARIABLE = LabbookServer.MARIADB_ENV;

    private final String serverUrl;
    private final String name;

    public MariaDbScratchDatabase(String prefix) throws SQLException {
        this.serverUrl = System.getenv(URL_VARIABLE);
        this.name = prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
    }

    /** The JDBC URL of the scratch database, with the credentials of the configured one. */
    public String jdbcUrl() {
        int query = serverUrl.indexOf('?');
        String path = query < 0 ? serverUrl : serverUrl.substring(0, query);
        String params = query < 0 ? "" : serverUrl.substring(query);
        int slash = path.indexOf('/', "jdbc:mariadb://".length());
        return (slash < 0 ? path : path.substring(0, slash)) + "/" + name + params;
    }

    @Override
    public void close() throws SQLException {
        execute("DROP DATABASE IF EXISTS " + name);
    }

    private void execute(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(serverUrl); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
