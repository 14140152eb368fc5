package dev.labbook.db;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jooq.SQLDialect;

/**
 * A backend store URI as users write it for MLflow, turned into a JDBC connection. Accepts
 * {@code mysql://}, {@code mysql+pymysql://} (any {@code mysql+driver}), {@code mariadb://},
 * {@code jdbc:mariadb://}, {@code jdbc:mysql://}, {@code h2:<path>} and {@code jdbc:h2:...}.
 */
public record BackendUri(String jdbcUrl, String user, String password, SQLDialect dialect) {

    // WRITE_DELAY=0: H2 writes each commit to its file before answering. With its default (500 ms)
    // a commit sits in memory until a background writer runs, and kill -9 of the server lost
    // batches the client had been told were stored.
    private static final String H2_OPTIONS = ";MODE=MariaDB;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0";

    public static BackendUri parse(String uri) {
        if (uri.startsWith("jdbc:h2:")) {
            return new BackendUri(uri.contains("MODE=") ? uri : uri + H2_OPTIONS, null, null, SQLDialect.H2);
        }
        if (uri.startsWith("h2:")) {
            String path = uri.substring("h2:".length());
            String location = path.startsWith("mem:") ? path : "file:" + Path.of(path).toAbsolutePath();
            return new BackendUri("jdbc:h2:" + location + H2_OPTIONS, null, null, SQLDialect.H2);
        }
        if (uri.startsWith("jdbc:mariadb:") || uri.startsWith("jdbc:mysql:")) {
            return new BackendUri(uri.replaceFirst("^jdbc:mysql:", "jdbc:mariadb:"), null, null, SQLDialect.MARIADB);
        }
        String scheme = uri.contains("://") ? uri.substring(0, uri.indexOf("://")) : "";
        if (scheme.equals("mysql") || scheme.startsWith("mysql+") || scheme.equals("mariadb") || scheme.startsWith("mariadb+")) {
            return fromUrlForm(URI.create("mariadb" + uri.substring(scheme.length())));
        }
        throw new IllegalArgumentException("Unsupported --backend-store-uri '" + redact(uri)
                + "'. Use mysql://user:pass@host:3306/db, mariadb://..., jdbc:mariadb://... or h2:<path>.");
    }

    private static BackendUri fromUrlForm(URI parsed) {
        String user = null;
        String password = null;
        if (parsed.getRawUserInfo() != null) {
            String[] parts = parsed.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        int port = parsed.getPort() > 0 ? parsed.getPort() : 3306;
        String database = parsed.getPath() == null ? "" : parsed.getPath();
        String query = parsed.getRawQuery() == null ? "" : "?" + parsed.getRawQuery();
        String url = "jdbc:mariadb://" + parsed.getHost() + ":" + port + database + query;
        return new BackendUri(url, user, password, SQLDialect.MARIADB);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** The URI with any password hidden, for logs and error messages. */
    public static String redact(String uri) {
        return uri.replaceAll("://([^:/@]+):[^@/]*@", "://$1:***@");
    }
}
