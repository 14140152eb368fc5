package dev.labbook.search;

/** What the left-hand side of a comparison refers to; all spelling aliases collapse onto these. */
public enum EntityType {
    METRIC,
    PARAM,
    TAG,
    ATTRIBUTE,
    DATASET
}
