package dev.labbook.traces;

import static dev.labbook.traces.TraceMetricsFixture.DAY;
import static dev.labbook.traces.TraceMetricsFixture.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.labbook.db.BackendUri;
import dev.labbook.db.Database;
import dev.labbook.db.Migrations;
import dev.labbook.http.ErrorCode;
import java.util.List;
import org.jooq.SQLDialect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * QueryTraceMetrics over {@link TraceMetricsFixture}, through the handler, on one database; subclasses
 * name it, and the answers must not depend on it. Each expected answer is what MLflow 3.18's SQL store
 * computes for those rows: its raw-row aggregation, percentiles interpolated as its SQLite store does.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TraceMetricsContract {
    private static final String DAY_1 = "time_bucket=2025-03-01T00:00:00+00:00";
    private static final String DAY_2 = "time_bucket=2025-03-02T00:00:00+00:00";
    private Database db;
    private TraceMetricsHandlers handlers;

    /** The backend URI of an empty database. */
    abstract String backendUri() throws Exception;

    abstract SQLDialect dialect();

    void dropDatabase() throws Exception {}

    @BeforeAll
    void load() throws Exception {
        db = new Database(BackendUri.parse(backendUri()), 2);
        Migrations.apply(db.dataSource(), dialect());
        db.txRun(TraceMetricsFixture::insert);
        handlers = new TraceMetricsHandlers(new TraceMetricsService(db, new TraceMetricsStore()));
    }

    @AfterAll
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
        dropDatabase();
    }

    private TraceMetricsAsk q(String view, String metric, String... aggregations) {
        return new TraceMetricsAsk(handlers, view, metric, aggregations);
    }

    @Test
    void traceCountsByStatusNameAndDay() {
        assertEquals(List.of("trace_status=ERROR COUNT=1.0", "trace_status=IN_PROGRESS COUNT=1.0",
                "trace_status=OK COUNT=3.0"), q("TRACES", "trace_count", "COUNT").dims("trace_status").answer());
        // e has no name, so it is in no trace_name group.
        assertEquals(List.of("trace_name=agent COUNT=2.0", "trace_name=chat COUNT=2.0"),
                q("TRACES", "trace_count", "COUNT").dims("trace_name", "trace_name").answer());
        assertEquals(List.of(DAY_1 + ",trace_name=chat,trace_status=ERROR COUNT=1.0",
                DAY_1 + ",trace_name=chat,trace_status=OK COUNT=1.0",
                DAY_2 + ",trace_name=agent,trace_status=IN_PROGRESS COUNT=1.0",
                DAY_2 + ",trace_name=agent,trace_status=OK COUNT=1.0"),
                q("TRACES", "trace_count", "COUNT").dims("trace_name", "trace_status").daily().answer());
        assertEquals(List.of("COUNT=6.0"), q("TRACES", "trace_count", "COUNT").experiments("0", "1").answer());
        assertEquals(List.of("COUNT=2.0"), q("TRACES", "trace_count", "COUNT").set("start_time_ms", T0 + DAY).answer());
        // With no groups, COUNT over nothing is still a point; a sum over nothing is none.
        assertEquals(List.of("COUNT=0.0"), q("TRACES", "trace_count", "COUNT").experiments().answer());
        assertEquals(List.of(), q("TRACES", "latency", "AVG").set("end_time_ms", 0).answer());
    }

    @Test
    void traceLatencyIgnoresOpenTraces() {
        assertEquals(List.of("AVG=162.5,MIN=50.0,MAX=300.0,P50.0=150.0,P90.0=270.0,P99.0=297.0"),
                q("TRACES", "latency", "AVG", "MIN", "MAX", "P50", "P90", "P99").answer());
        assertEquals(List.of(DAY_1 + " AVG=150.0,P50.0=100.0", DAY_2 + " AVG=200.0,P50.0=200.0"),
                q("TRACES", "latency", "AVG", "P50").daily().answer());
        assertEquals(List.of("trace_name=agent MAX=200.0", "trace_name=chat MAX=300.0"),
                q("TRACES", "latency", "MAX").dims("trace_name").answer());
    }

    @Test
    void tokenCountsFollowMlflowsRulesForWhatCounts() {
        assertEquals(List.of("trace_name=agent SUM=9.0,AVG=9.0", "trace_name=chat SUM=42.0,AVG=21.0"),
                q("TRACES", "total_tokens", "SUM", "AVG").dims("trace_name").answer());
        assertEquals(List.of("SUM=12.0,MIN=5.0,MAX=7.0,P50.0=6.0"),
                q("TRACES", "output_tokens", "SUM", "MIN", "MAX", "P50").answer());
        assertEquals(List.of(DAY_1 + " SUM=30.0"), q("TRACES", "input_tokens", "SUM").daily().answer());
        assertEquals(List.of(), q("TRACES", "cache_read_input_tokens", "SUM").answer());
        assertEquals(List.of("COUNT=2.0"), q("TRACES", "session_count", "COUNT").answer());
    }

    @Test
    void spanCountsAndLatencies() {
        assertEquals(List.of("span_name=agent,span_status=OK COUNT=1.0", "span_name=agent,span_status=UNSET COUNT=1.0",
                "span_name=chat,span_status=ERROR COUNT=1.0", "span_name=chat,span_status=OK COUNT=2.0",
                "span_name=tool,span_status=OK COUNT=1.0"),
                q("SPANS", "span_count", "COUNT").dims("span_name", "span_status").answer());
        // Latency is whole milliseconds rounded down (c's chat took 100.9); open spans have none.
        assertEquals(List.of("span_name=agent AVG=200.0", "span_name=chat AVG=166.66666666666666",
                "span_name=tool AVG=20.0"), q("SPANS", "latency", "AVG").dims("span_name").answer());
        assertEquals(List.of("P50.0=100.0,P75.0=200.0"), q("SPANS", "latency", "P50", "P75").answer());
        assertEquals(List.of("COUNT=1.0"), q("SPANS", "span_count", "COUNT").filters("span.type = 'TOOL'").answer());
        assertEquals(List.of(DAY_1 + ",span_type=CHAT_MODEL COUNT=2.0", DAY_1 + ",span_type=TOOL COUNT=1.0",
                DAY_2 + ",span_type=AGENT COUNT=2.0", DAY_2 + ",span_type=CHAT_MODEL COUNT=1.0"),
                q("SPANS", "span_count", "COUNT").dims("span_type").daily().answer());
    }

    @Test
    void spanModelsAreReadFromTheSpansAttributes() {
        // c's agent span has a model attribute that is not a string: MLflow keeps no model for it.
        assertEquals(List.of("span_model_name=claude COUNT=1.0", "span_model_name=gpt-4o COUNT=2.0"),
                q("SPANS", "span_count", "COUNT").dims("span_model_name").answer());
        assertEquals(List.of("span_model_provider=openai,span_name=chat COUNT=2.0"),
                q("SPANS", "span_count", "COUNT").dims("span_model_provider", "span_name").answer());
        assertEquals(List.of("span_model_name=claude COUNT=1.0"),
                q("SPANS", "span_count", "COUNT").dims("span_model_name").set("max_results", 1).answer());
    }

    @Test
    void costsAreEmptyBecauseNoSpanIsPriced() {
        assertEquals(List.of(), q("SPANS", "total_cost", "SUM").dims("span_model_name").answer());
        assertEquals(List.of(), q("SPANS", "input_cost", "AVG", "P50").answer());
    }

    @Test
    void assessmentsCountOnlyValidOnesAndTheirNumericValues() {
        assertEquals(List.of("assessment_name=expected,assessment_value={\"x\": 1} COUNT=1.0",
                "assessment_name=helpful,assessment_value=\" no \" COUNT=1.0",
                "assessment_name=helpful,assessment_value=false COUNT=1.0",
                "assessment_name=helpful,assessment_value=true COUNT=1.0",
                "assessment_name=score,assessment_value=\"n/a\" COUNT=1.0",
                "assessment_name=score,assessment_value=0.5 COUNT=1.0",
                "assessment_name=score,assessment_value=1.0 COUNT=1.0"),
                q("ASSESSMENTS", "assessment_count", "COUNT").dims("assessment_name", "assessment_value").answer());
        assertEquals(List.of("assessment_name=helpful AVG=0.3333333333333333,MIN=0.0,MAX=1.0",
                "assessment_name=score AVG=0.75,MIN=0.5,MAX=1.0"),
                q("ASSESSMENTS", "assessment_value", "AVG", "MIN", "MAX").dims("assessment_name").answer());
        assertEquals(List.of("assessment_name=helpful P50.0=0.0", "assessment_name=score P50.0=0.75"),
                q("ASSESSMENTS", "assessment_value", "P50").dims("assessment_name").answer());
        assertEquals(List.of(DAY_1 + " COUNT=4.0", DAY_2 + " COUNT=3.0"),
                q("ASSESSMENTS", "assessment_count", "COUNT").daily().answer());
    }

    @Test
    void filtersOfEachKind() {
        assertEquals(List.of("COUNT=3.0"), q("TRACES", "trace_count", "COUNT").filters("trace.status = 'OK'").answer());
        assertEquals(List.of("COUNT=1.0"), q("TRACES", "trace_count", "COUNT").filters("trace.tag.env = \"prod\"").answer());
        assertEquals(List.of("COUNT=2.0"), q("TRACES", "trace_count", "COUNT")
                .filters("trace.tag.`mlflow.traceName` = 'chat'").answer());
        assertEquals(List.of("COUNT=1.0"), q("TRACES", "trace_count", "COUNT")
                .filters("trace.tag.mlflow.traceName = 'chat'", "trace.status = 'ERROR'").answer());
        assertEquals(List.of("COUNT=1.0"), q("TRACES", "trace_count", "COUNT")
                .filters("trace.metadata.mlflow.trace.session = 's1'").answer());
        // Token usage matches only in the JSON form MLflow's store writes for it.
        assertEquals(List.of("COUNT=1.0"), q("TRACES", "trace_count", "COUNT").filters(
                "trace.metadata.mlflow.trace.tokenUsage = '{\"input_tokens\": 10, \"output_tokens\": 5, \"total_tokens\": 15}'")
                .answer());
        assertEquals(List.of("COUNT=0.0"), q("TRACES", "trace_count", "COUNT").filters(
                "trace.metadata.mlflow.trace.tokenUsage = '{\"output_tokens\": 5, \"input_tokens\": 10, \"total_tokens\": 15}'")
                .answer());
        assertEquals(List.of("span_model_name=gpt-4o COUNT=2.0"), q("SPANS", "span_count", "COUNT")
                .dims("span_model_name").filters("trace.status = 'OK'", "span.name = 'chat'").answer());
        assertEquals(List.of("COUNT=1.0"), q("ASSESSMENTS", "assessment_count", "COUNT")
                .filters("assessment.type = 'expectation'").answer());
        assertEquals(List.of("assessment_name=helpful COUNT=1.0", "assessment_name=score COUNT=1.0"),
                q("ASSESSMENTS", "assessment_count", "COUNT").dims("assessment_name")
                        .filters("trace.status = 'ERROR'").answer());
    }

    @Test
    void limitsCutGroupsAndPageTokensAreIgnored() {
        assertEquals(List.of("trace_name=agent COUNT=2.0"),
                q("TRACES", "trace_count", "COUNT").dims("trace_name").set("max_results", 1).answer());
        assertEquals(2, q("TRACES", "trace_count", "COUNT").dims("trace_name").set("max_results", -1).answer().size());
        assertEquals(List.of(), q("TRACES", "trace_count", "COUNT").set("max_results", 0).answer());
    }

    @Test
    void mlflowsValidationMessages() {
        assertEquals("metric_name must be one of ['span_count', 'latency', 'input_cost', 'output_cost', "
                + "'total_cost'], got 'trace_count'", q("SPANS", "trace_count", "COUNT").message());
        assertEquals("Found invalid aggregation_type(s): ['AVG', 'SUM']. Supported aggregation types: ['COUNT']",
                q("TRACES", "trace_count", "SUM", "AVG", "COUNT").message());
        assertEquals("Found invalid dimension(s): ['span_name', 'zz']. Supported dimensions: ['trace_name']",
                q("TRACES", "latency", "AVG").dims("zz", "trace_name", "span_name").message());
        assertEquals("start_time_ms and end_time_ms are required if time_interval_seconds is set",
                q("TRACES", "trace_count", "COUNT").set("time_interval_seconds", 60).message());
        assertEquals("Filtering by span is only supported for SPANS view type, got TRACES",
                q("TRACES", "trace_count", "COUNT").filters("trace.status = 'OK'", "span.name = 'x'").message());
        assertEquals("Percentile value must be between 0 and 100, got 101.0", q("TRACES", "latency", "P101").message());
        assertEquals(ErrorCode.BAD_REQUEST, q("TRACES", "trace_count").error().code());
        assertEquals(List.of(), q("TRACES", "trace_count").dims("trace_name").answer());
    }
}
