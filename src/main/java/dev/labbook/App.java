package dev.labbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.artifacts.ArtifactLocations;
import dev.labbook.config.ServerConfig;
import dev.labbook.db.BackendUri;
import dev.labbook.db.Database;
import dev.labbook.db.Migrations;
import dev.labbook.experiments.ExperimentHandlers;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.experiments.ExperimentStore;
import dev.labbook.http.HttpServer;
import dev.labbook.http.Json;
import dev.labbook.http.RouteTable;
import dev.labbook.http.SystemHandlers;
import dev.labbook.metrics.MetricHandlers;
import dev.labbook.metrics.MetricHistoryService;
import dev.labbook.metrics.MetricStore;
import dev.labbook.runs.DatasetStore;
import dev.labbook.runs.RunHandlers;
import dev.labbook.runs.RunService;
import dev.labbook.runs.RunStore;
import java.time.Clock;

/** The composition root: every object is built here, by hand, from the configuration. */
public final class App implements AutoCloseable {
    private final Database database;
    private final RouteTable routes;
    private final HttpServer http;

    public App(ServerConfig config) {
        this.database = new Database(BackendUri.parse(config.backendStoreUri()), config.databasePoolSize());
        if (config.upgradeDatabaseOnStart()) {
            Migrations.apply(database.dataSource());
        }
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = Json.newMapper();
        ArtifactLocations locations = new ArtifactLocations(config.effectiveArtifactRoot());

        RunStore runStore = new RunStore();
        ExperimentService experiments = new ExperimentService(database, new ExperimentStore(), runStore, locations, clock);
        experiments.initDefaultExperiment();
        RunService runs = new RunService(database, runStore, new MetricStore(), new DatasetStore(), experiments, clock);
        MetricHistoryService metricHistory = new MetricHistoryService(database, runs);

        this.routes = new RouteTable(mapper, new SystemHandlers(), new ExperimentHandlers(experiments),
                new RunHandlers(runs), new MetricHandlers(metricHistory));
        this.http = new HttpServer(routes, mapper, config.staticPrefix());
    }

    public App start(String host, int port) {
        http.start(host, port);
        return this;
    }

    public RouteTable routes() {
        return routes;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void close() {
        http.stop();
        database.close();
    }
}
