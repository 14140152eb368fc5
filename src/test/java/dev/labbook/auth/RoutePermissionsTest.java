package dev.labbook.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.labbook.App;
import dev.labbook.config.ServerConfig;
import dev.labbook.http.Route;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the route table has an explicit permission rule (MLflow's advisories include
 * routes missing from its validator map), and the table names no route that does not exist.
 */
class RoutePermissionsTest {
    private static App app;

    @BeforeAll
    static void build() {
        app = new App(new ServerConfig("127.0.0.1", 0, "h2:mem:route-permissions-" + UUID.randomUUID()
                + ";DB_CLOSE_DELAY=-1", "file:///tmp/labbook-route-permissions", null, true, false, "", true, 2));
    }

    @AfterAll
    static void close() {
        app.close();
    }

    @Test
    void everyRouteHasARule() {
        Set<String> missing = new TreeSet<>();
        for (Route route : app.routes().routes()) {
            if (RoutePermissions.of(route).isEmpty()) {
                missing.add(route.method() + " " + route.path());
            }
        }
        assertTrue(missing.isEmpty(), "routes without an entry in RoutePermissions: " + missing);
    }

    @Test
    void everyRuleNamesARoute() {
        Set<String> routes = new TreeSet<>();
        app.routes().routes().forEach(r -> routes.add(RoutePermissions.key(r)));
        Set<String> stale = new TreeSet<>(RoutePermissions.keys());
        stale.removeAll(routes);
        assertTrue(stale.isEmpty(), "RoutePermissions entries for routes that do not exist: " + stale);
    }

    /** The only routes open without credentials are the ones MLflow's auth app leaves open. */
    @Test
    void onlyProbesServerInfoAndStaticFilesArePublic() {
        Set<String> open = new TreeSet<>();
        for (Route route : app.routes().routes()) {
            if (RoutePermissions.of(route).orElseThrow() instanceof Rule.Public) {
                open.add(RoutePermissions.key(route));
            }
        }
        assertEquals(Set.of("GET /health", "GET /health/ready", "GET /mlflow/server-info", "GET /static-files/<path>"),
                open);
    }

    /** POSTs that only read: queries too large for a query string. */
    private static final Set<String> READ_ONLY_POSTS = Set.of(
            "POST /mlflow/traces/metrics", "POST /mlflow/artifacts/presigned-download-url",
            "POST /mlflow/traces/batchGetInfos");

    /** Writes never ask for less than update, and permission changes always ask for manage. */
    @Test
    void writesNeedUpdateAndPermissionRoutesNeedManage() {
        for (Route route : app.routes().routes()) {
            String key = RoutePermissions.key(route);
            Rule rule = RoutePermissions.of(route).orElseThrow();
            if (rule instanceof Rule.On on && !key.startsWith("GET ")) {
                assertTrue(on.level() != Permission.Level.READ || key.contains("/search") || key.contains("get-latest-versions")
                                || READ_ONLY_POSTS.contains(key),
                        key + " changes data but only asks for READ");
            }
            if (key.contains("/permissions/") && !key.startsWith("GET /mlflow/users/permissions/get")) {
                assertTrue(rule instanceof Rule.On on && on.level() == Permission.Level.MANAGE,
                        key + " changes permissions without MANAGE");
            }
        }
    }
}
