package dev.labbook.cli;

import dev.labbook.config.ServerConfig;
import dev.labbook.db.BackendUri;
import dev.labbook.db.Database;
import dev.labbook.db.Migrations;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code labbook db upgrade [URI]}: applies pending migrations, as {@code mlflow db upgrade} does. */
@Command(name = "upgrade", mixinStandardHelpOptions = true, description = "Apply pending schema migrations.")
public final class DbUpgradeCommand implements Callable<Integer> {

    @Parameters(index = "0", arity = "0..1", description = "The backend store URI (as for 'labbook server').")
    String uri;

    @Option(names = "--backend-store-uri", defaultValue = "${env:MLFLOW_BACKEND_STORE_URI:-"
            + ServerConfig.DEFAULT_BACKEND_STORE_URI + "}", description = "Used when no URI argument is given.")
    String backendStoreUri;

    @Override
    public Integer call() {
        String target = uri != null ? uri : backendStoreUri;
        try (Database database = new Database(BackendUri.parse(target), 2)) {
            var result = Migrations.apply(database.dataSource(), database.dialect());
            System.out.println("Database " + BackendUri.redact(target) + " is at schema version "
                    + (result.targetSchemaVersion == null ? result.initialSchemaVersion : result.targetSchemaVersion)
                    + " (" + result.migrationsExecuted + " migrations applied).");
        }
        return 0;
    }
}
