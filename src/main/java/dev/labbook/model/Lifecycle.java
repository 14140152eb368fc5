package dev.labbook.model;

/** The lifecycle_stage strings MLflow stores for experiments and runs. */
public final class Lifecycle {
    public static final String ACTIVE = "active";
    public static final String DELETED = "deleted";

    private Lifecycle() {}
}
