package dev.labbook.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;

/** The connection pool and jOOQ context for one backend store, with retried transactions. */
public final class Database implements AutoCloseable {
    private static final int MAX_ATTEMPTS = 5;

    private final HikariDataSource dataSource;
    private final DSLContext dsl;

    public Database(BackendUri backend, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(backend.jdbcUrl());
        if (backend.user() != null) {
            config.setUsername(backend.user());
        }
        if (backend.password() != null) {
            config.setPassword(backend.password());
        }
        config.setMaximumPoolSize(poolSize);
        // Read committed: concurrent metric ingestion then takes no gap locks, which under
        // MariaDB's default repeatable read make parallel inserts into one run deadlock-prone.
        config.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        config.setPoolName("labbook");
        // Fail fast when the database is unreachable: callers answer 503 and the client retries.
        config.setConnectionTimeout(5_000);
        config.setInitializationFailTimeout(-1);
        this.dataSource = new HikariDataSource(config);
        // No warning fetch: after an INSERT IGNORE that skipped a row, MariaDB's driver would ask for
        // the warnings in one more round trip, and nothing here reads them.
        Settings settings = new Settings().withExecuteLogging(false).withRenderSchema(false).withFetchWarnings(false);
        this.dsl = DSL.using(dataSource, backend.dialect(), settings);
    }

    public DSLContext dsl() {
        return dsl;
    }

    public SQLDialect dialect() {
        return dsl.dialect();
    }

    public HikariDataSource dataSource() {
        return dataSource;
    }

    /**
     * Whether a connection answers within the timeout. Bounded separately from the pool's own
     * timeouts so that a readiness probe never hangs on a database that stopped answering.
     */
    public boolean isReachable(Duration timeout) {
        CompletableFuture<Boolean> check = CompletableFuture.supplyAsync(() -> {
            try (Connection connection = dataSource.getConnection()) {
                return connection.isValid((int) Math.max(1, timeout.toSeconds()));
            } catch (SQLException e) {
                return false;
            }
        }, Thread::startVirtualThread);
        try {
            return check.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }

    /**
     * Runs work in one transaction. Deadlocks and serialization failures are retried: under
     * concurrent logging MariaDB may pick a victim, and the client must never see that.
     */
    public <T> T tx(Function<DSLContext, T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return inOneConnection(work);
            } catch (RuntimeException e) {
                if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) {
                    throw e;
                }
                sleepQuietly(attempt * 10L);
            }
        }
    }

    /**
     * The transaction on one connection taken from the pool once. Left to jOOQ, a transaction asks
     * the pool again for its rollback and clean-up, so an unreachable database held each request
     * for three pool timeouts (15 s) before the 503.
     */
    private <T> T inOneConnection(Function<DSLContext, T> work) {
        Connection connection;
        try {
            connection = dataSource.getConnection();
        } catch (SQLException e) {
            throw new DataAccessException("No database connection: " + e.getMessage(), e);
        }
        try {
            return dsl.configuration().derive(connection).dsl().transactionResult(cfg -> work.apply(cfg.dsl()));
        } finally {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // The pool has already evicted a broken connection; the transaction's outcome stands.
        }
    }

    public void txRun(java.util.function.Consumer<DSLContext> work) {
        tx(ctx -> {
            work.accept(ctx);
            return null;
        });
    }

    static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if ("40001".equals(state) || sql.getErrorCode() == 1213 || sql.getErrorCode() == 1205) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
