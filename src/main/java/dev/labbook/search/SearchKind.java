package dev.labbook.search;

/** Which MLflow search endpoint a filter or order_by string belongs to; each has its own vocabulary. */
public enum SearchKind {
    RUNS,
    EXPERIMENTS,
    REGISTERED_MODELS,
    MODEL_VERSIONS,
    LOGGED_MODELS,
    TRACES,
    EVALUATION_DATASETS
}
