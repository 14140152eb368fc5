package dev.labbook.api;

import dev.labbook.http.Route;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The HTTP behaviour of the tracking server (MLflow 3.x REST protocol), written once and run against
 * every backend store by a subclass. The tests live in the *Contract interfaces, grouped by area;
 * this class starts one server per test class and hands the tests a {@link Tracking} fixture.
 * The database may be shared with other runs and test classes, so every test uses fresh names.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class TrackingApiContract implements ProtocolContract, ExperimentsContract, RunsContract,
        LoggingContract, DatasetsContract, MetricValuesContract, MetricHistoryContract, SearchRunsContract,
        SearchExperimentsContract, RacesContract, TracesContract, ScorersContract,
        IssuesContract, EvalDatasetsContract, EvalRecordsContract {

    private LabbookServer server;
    private Tracking tracking;

    /** The --backend-store-uri to test; may abort the class with an assumption. */
    protected abstract String backendStoreUri();

    @BeforeAll
    void startServer() {
        server = LabbookServer.start(backendStoreUri());
        tracking = new Tracking(server.api());
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    public Tracking tracking() {
        return tracking;
    }

    @Override
    public String artifactRoot() {
        return server.artifactRoot().toString();
    }

    @Override
    public List<Route> routes() {
        return server.routes();
    }
}
