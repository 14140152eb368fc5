package dev.labbook.traces;

import java.util.UUID;
import org.jooq.SQLDialect;

/** The trace metrics contract on a fresh in-memory H2 database. */
class TraceMetricsTest extends TraceMetricsContract {
    @Override
    String backendUri() {
        return "h2:mem:trace-metrics-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    SQLDialect dialect() {
        return SQLDialect.H2;
    }
}
