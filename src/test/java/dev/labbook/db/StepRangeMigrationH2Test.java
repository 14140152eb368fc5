package dev.labbook.db;

import java.util.UUID;
import org.jooq.SQLDialect;

class StepRangeMigrationH2Test extends StepRangeMigrationContract {
    private final String name = "migration-" + UUID.randomUUID();

    @Override
    String jdbcUrl() {
        return "h2:mem:" + name + ";DB_CLOSE_DELAY=-1";
    }

    @Override
    SQLDialect dialect() {
        return SQLDialect.H2;
    }
}
