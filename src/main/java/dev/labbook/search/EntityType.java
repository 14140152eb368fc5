package dev.labbook.search;

/** What the left-hand side of a comparison refers to; all spelling aliases collapse onto these. */
public enum EntityType {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET,
    // Trace search only: request metadata, a trace's spans, its assessments and its issue references.
    METADATA,
    SPAN,
    FEEDBACK,
    EXPECTATION,
    ISSUE
}
