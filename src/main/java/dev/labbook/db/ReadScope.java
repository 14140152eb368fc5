package dev.labbook.db;

import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;

/**
 * Which experiments and registered models the current request may read, as SQL conditions that
 * searches add to their WHERE clause, so that filtering happens before a page is cut and keyset
 * page tokens stay exact. Set by the auth gate around one handler call on the request's thread;
 * without auth (or for an admin) there is no scope and every condition is "true".
 */
public final class ReadScope {
    /** Per request thread, like a logging MDC: set and cleared around one handler call. */
    private static final ThreadLocal<ReadScope> CURRENT = new ThreadLocal<>();

    private final java.util.function.Function<Field<Long>, Condition> experiments;
    private final java.util.function.Function<Field<String>, Condition> registeredModels;

    public ReadScope(java.util.function.Function<Field<Long>, Condition> experiments,
                     java.util.function.Function<Field<String>, Condition> registeredModels) {
        this.experiments = experiments;
        this.registeredModels = registeredModels;
    }

    /** Puts this scope in force on the current thread until the returned handle is closed. */
    public Entered enter() {
        ReadScope previous = CURRENT.get();
        CURRENT.set(this);
        return () -> CURRENT.set(previous);
    }

    /** The handle of {@link #enter()}: closing it restores the previous scope. */
    @FunctionalInterface
    public interface Entered extends AutoCloseable {
        @Override
        void close();
    }

    /** Readable experiments, by an experiment-id column of the searched table. */
    public static Condition experiments(Field<Long> experimentId) {
        ReadScope scope = CURRENT.get();
        return scope == null ? DSL.noCondition() : scope.experiments.apply(experimentId);
    }

    /** Readable registered models (and so their versions), by a model-name column. */
    public static Condition registeredModels(Field<String> name) {
        ReadScope scope = CURRENT.get();
        return scope == null ? DSL.noCondition() : scope.registeredModels.apply(name);
    }
}
