package dev.labbook;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.labbook.artifacts.ArtifactHandlers;
import dev.labbook.assessments.AssessmentHandlers;
import dev.labbook.assessments.AssessmentService;
import dev.labbook.assessments.AssessmentStore;
import dev.labbook.artifacts.ArtifactLocations;
import dev.labbook.artifacts.ArtifactRepositories;
import dev.labbook.artifacts.ArtifactStorage;
import dev.labbook.artifacts.ArtifactStorages;
import dev.labbook.auth.AuthGate;
import dev.labbook.auth.AuthHandlers;
import dev.labbook.auth.AuthService;
import dev.labbook.config.ServerConfig;
import dev.labbook.db.BackendUri;
import dev.labbook.db.Database;
import dev.labbook.db.Migrations;
import dev.labbook.evaldatasets.EvalDatasetHandlers;
import dev.labbook.evaldatasets.EvalDatasetService;
import dev.labbook.evaldatasets.EvalDatasetStore;
import dev.labbook.evaldatasets.EvalRecordStore;
import dev.labbook.experiments.ExperimentHandlers;
import dev.labbook.experiments.ExperimentService;
import dev.labbook.genai.GenAiHandlers;
import dev.labbook.genai.GenAiRoutes;
import dev.labbook.experiments.ExperimentStore;
import dev.labbook.http.HttpServer;
import dev.labbook.issues.IssueHandlers;
import dev.labbook.issues.IssueService;
import dev.labbook.issues.IssueStore;
import dev.labbook.http.Json;
import dev.labbook.http.RouteTable;
import dev.labbook.http.SystemHandlers;
import dev.labbook.loggedmodels.LoggedModelHandlers;
import dev.labbook.loggedmodels.LoggedModelService;
import dev.labbook.loggedmodels.LoggedModelStore;
import dev.labbook.loggedmodels.ModelLinkStore;
import dev.labbook.metrics.MetricHandlers;
import dev.labbook.metrics.MetricHistoryService;
import dev.labbook.metrics.MetricStore;
import dev.labbook.monitoring.MetricsEndpoint;
import dev.labbook.monitoring.Monitoring;
import dev.labbook.registry.ModelVersionArtifacts;
import dev.labbook.registry.ModelVersionService;
import dev.labbook.registry.ModelVersionSources;
import dev.labbook.registry.ModelVersionStore;
import dev.labbook.registry.RegistryHandlers;
import dev.labbook.registry.RegistryService;
import dev.labbook.registry.RegistryStore;
import dev.labbook.registry.StoredLoggedModels;
import dev.labbook.review.LabelSchemaHandlers;
import dev.labbook.review.LabelSchemaService;
import dev.labbook.review.LabelSchemaStore;
import dev.labbook.review.ReviewQueueHandlers;
import dev.labbook.review.ReviewQueueService;
import dev.labbook.review.ReviewQueueStore;
import dev.labbook.review.ReviewAccess;
import dev.labbook.review.ReviewRoutes;
import dev.labbook.runs.DatasetStore;
import dev.labbook.runs.RunHandlers;
import dev.labbook.runs.RunService;
import dev.labbook.runs.RunStore;
import dev.labbook.scorers.ScorerHandlers;
import dev.labbook.scorers.ScorerService;
import dev.labbook.scorers.ScorerStore;
import dev.labbook.traces.OtlpHandler;
import dev.labbook.traces.SpanStore;
import dev.labbook.traces.TraceArtifactHandler;
import dev.labbook.traces.TraceHandlers;
import dev.labbook.traces.TraceIngestService;
import dev.labbook.traces.TraceMetricsHandlers;
import dev.labbook.traces.TraceMetricsService;
import dev.labbook.traces.TraceMetricsStore;
import dev.labbook.traces.TraceRoutes;
import dev.labbook.traces.TraceService;
import dev.labbook.traces.TraceStore;
import dev.labbook.ui.GraphQlHandler;
import dev.labbook.ui.PresignedDownloads;
import dev.labbook.ui.UiFiles;
import dev.labbook.ui.UiHandlers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/** The composition root: every object is built here, by hand, from the configuration. */
public final class App implements AutoCloseable {
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(2);

    private final Database database;
    private final RouteTable routes;
    private final HttpServer http;

    public App(ServerConfig config) {
        this.database = new Database(BackendUri.parse(config.backendStoreUri()), config.databasePoolSize());
        if (config.upgradeDatabaseOnStart()) {
            Migrations.apply(database.dataSource(), database.dialect());
        }
        Clock clock = Clock.systemUTC();
        ObjectMapper mapper = Json.newMapper();
        ArtifactLocations locations = new ArtifactLocations(config.effectiveArtifactRoot());

        RunStore runStore = new RunStore();
        ExperimentService experiments = new ExperimentService(database, new ExperimentStore(), runStore, locations, clock);
        experiments.initDefaultExperiment();
        ModelLinkStore modelLinks = new ModelLinkStore();
        RunService runs = new RunService(database, runStore, new MetricStore(), new DatasetStore(), modelLinks,
                experiments, clock);
        MetricHistoryService metricHistory = new MetricHistoryService(database, runs);

        ArtifactRepositories artifacts = new ArtifactRepositories(proxiedStorage(config), config.localArtifactRoots());

        // Logged models: begin
        LoggedModelService loggedModels = new LoggedModelService(database, new LoggedModelStore(), modelLinks,
                experiments, runs, clock);
        LoggedModelHandlers loggedModelHandlers = new LoggedModelHandlers(loggedModels, artifacts);
        // Logged models: end

        // Model registry: begin
        RegistryStore registryStore = new RegistryStore(new ModelVersionStore());
        RegistryService registry = new RegistryService(database, registryStore, clock);
        StoredLoggedModels modelsToRegister = new StoredLoggedModels(loggedModels, new LoggedModelStore());
        ModelVersionService modelVersions = new ModelVersionService(database, registryStore, registry,
                new ModelVersionSources(runs, modelsToRegister), modelsToRegister, clock);
        RegistryHandlers registryHandlers = new RegistryHandlers(registry, modelVersions,
                new ModelVersionArtifacts(modelVersions, artifacts, runs));
        // Model registry: end

        // Traces and assessments: begin
        TraceStore traceStore = new TraceStore();
        AssessmentStore assessmentStore = new AssessmentStore();
        TraceService traceService = new TraceService(database, traceStore, new SpanStore(), assessmentStore,
                experiments, runs);
        TraceIngestService traceIngest = new TraceIngestService(database, traceStore, new SpanStore(),
                assessmentStore, experiments);
        TraceRoutes traceRoutes = new TraceRoutes(new TraceHandlers(traceService, traceIngest, clock),
                new AssessmentHandlers(new AssessmentService(database, assessmentStore, clock)),
                new OtlpHandler(traceIngest, traceService, config.security().maxJsonBodyBytes()),
                new TraceArtifactHandler(traceService, artifacts),
                new TraceMetricsHandlers(new TraceMetricsService(database, new TraceMetricsStore())));
        // Traces and assessments: end

        // Scorers and issues: begin
        GenAiRoutes genAiRoutes = new GenAiRoutes(new ScorerHandlers(new ScorerService(database, new ScorerStore(),
                experiments, clock, config.customScorers())),
                new IssueHandlers(new IssueService(database, new IssueStore(), experiments, runs, clock)));
        // Scorers and issues: end
        // Evaluation datasets: begin
        EvalDatasetHandlers evalDatasets = new EvalDatasetHandlers(new EvalDatasetService(database,
                new EvalDatasetStore(), new EvalRecordStore(), clock));
        // Evaluation datasets: end

        ExperimentHandlers experimentHandlers = new ExperimentHandlers(experiments);
        RunHandlers runHandlers = new RunHandlers(runs);
        MetricHandlers metricHandlers = new MetricHandlers(metricHistory);
        ArtifactHandlers artifactHandlers = new ArtifactHandlers(artifacts, runs);
        // Auth: begin
        AuthGate authGate = null;
        AuthHandlers authHandlers = null;
        if (config.auth().enabled()) {
            AuthService auth = new AuthService(database, config.auth(), clock);
            auth.bootstrapAdmin();
            authGate = new AuthGate(auth, mapper);
            authHandlers = new AuthHandlers(auth, authGate);
        }
        // Auth: end
        // Label schemas and review queues: begin
        LabelSchemaService labelSchemas = new LabelSchemaService(database, new LabelSchemaStore(), experiments, clock);
        AuthGate gate = authGate;
        ReviewRoutes review = new ReviewRoutes(new LabelSchemaHandlers(labelSchemas), new ReviewQueueHandlers(
                new ReviewQueueService(database, new ReviewQueueStore(), labelSchemas, clock),
                gate == null ? ReviewAccess.OPEN : new ReviewAccess(gate::currentUsername,
                        id -> gate.callerMay(id, dev.labbook.auth.Permission.Level.UPDATE), gate::registeredUserLike)));
        // Label schemas and review queues: end
        // Web UI: begin
        UiHandlers ui = new UiHandlers(new UiFiles(config.uiDir()), new GraphQlHandler(mapper, experimentHandlers,
                runHandlers, metricHandlers, artifactHandlers, registryHandlers,
                authGate == null ? (field, request) -> { } : authGate::checkGraphQlField), new GenAiHandlers(),
                new PresignedDownloads(runs));
        // Web UI: end
        // Prometheus metrics: begin
        Optional<Monitoring> monitoring = config.prometheusEnabled()
                ? Optional.of(Monitoring.forPool(database.dataSource())) : Optional.empty();
        // Prometheus metrics: end
        this.routes = new RouteTable(mapper,
                new SystemHandlers(config.serveArtifacts() && artifacts.proxied().supportsMultipartUpload(),
                        () -> database.isReachable(READINESS_TIMEOUT)),
                experimentHandlers, runHandlers, metricHandlers, artifactHandlers,
                loggedModelHandlers, registryHandlers, traceRoutes, genAiRoutes, review, evalDatasets, ui, authHandlers,
                new MetricsEndpoint(monitoring));
        this.http = new HttpServer(routes, mapper, config.staticPrefix(), config.serveArtifacts(),
                config.artifactsOnly(), config.security(),
                authGate == null ? (route, handler) -> handler : authGate::wrap, monitoring);
    }

    private static ArtifactStorage proxiedStorage(ServerConfig config) {
        try {
            return ArtifactStorages.forUri(config.artifactsDestination());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open --artifacts-destination " + config.artifactsDestination(), e);
        }
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

    /** Stops taking connections, lets requests in flight finish for up to {@code drain}, then closes the pool. */
    public void shutdown(Duration drain) {
        http.stopGracefully(drain);
        database.close();
    }
}
