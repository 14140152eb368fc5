package dev.labbook.http;

import dev.labbook.App;
import dev.labbook.config.SecuritySettings;
import dev.labbook.config.ServerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/** An in-process server on a free port with the given security settings and an in-memory H2 database. */
final class SecuredServer implements AutoCloseable {
    final App app;
    final RawHttp http;

    private SecuredServer(App app) {
        this.app = app;
        this.http = new RawHttp(app.port());
    }

    static SecuredServer start(SecuritySettings security) {
        return start(security, null);
    }

    static SecuredServer start(SecuritySettings security, String staticPrefix) {
        try {
            Path root = Files.createTempDirectory("labbook-security-");
            String db = "h2:mem:labbook_" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1";
            ServerConfig config = new ServerConfig("127.0.0.1", 0, db, root.toString(),
                    root.resolve("proxied").toString(), true, false, staticPrefix, true, 4, null).withSecurity(security);
            return new SecuredServer(new App(config).start("127.0.0.1", 0));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
