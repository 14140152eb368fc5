package dev.labbook.artifacts;

import dev.labbook.http.MlflowException;
import java.util.Locale;
import java.util.Set;

/**
 * MLflow 3.18's rule against server-side request forgery through stored URIs: a model version
 * source or an experiment artifact location may not use a scheme whose storage client connects to
 * the host named in the URI ({@code http://169.254.169.254/...}, {@code ftp://}, {@code
 * mlflow-artifacts://host/...}). {@code mlflow-artifacts:/path} names this server and is fine.
 * Labbook never connects to such hosts; refusing them keeps clients that download a registered
 * model from being sent to an attacker's address as well.
 */
public final class HostAddressedUris {
    private static final Set<String> SCHEMES = Set.of("ftp", "sftp", "hdfs", "viewfs", "http", "https",
            "mlflow-artifacts", "r2", "b2", "abfss");

    private HostAddressedUris() {
    }

    public static void reject(String uri, String field) {
        int colon = uri.indexOf(':');
        if (colon <= 0 || !uri.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
            return;
        }
        String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!SCHEMES.contains(scheme)) {
            return;
        }
        if (scheme.equals("mlflow-artifacts") && !uri.substring(colon + 1).startsWith("//")) {
            return;
        }
        if (scheme.equals("mlflow-artifacts") && uri.substring(colon + 1).startsWith("///")) {
            return;
        }
        throw MlflowException.invalidParameter("'" + field + "' cannot use the '" + scheme + "' scheme: the '"
                + scheme + "' scheme addresses a host other than the tracking server's configured artifact storage, "
                + "so the server would connect to the host named in the URI.");
    }
}
