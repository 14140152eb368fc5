package dev.labbook.traces;

/** MLflow's MetricViewType: what a trace metric is computed over, one row per trace, span or assessment. */
enum TraceMetricsView {
    TRACES,
    SPANS,
    ASSESSMENTS;

    /**
     * The view_type field as MLflow's protobuf parsing leaves it, from its name or its number. An
     * unknown name is dropped by the parser, which leaves proto2's default, the first value; MLflow then
     * goes on as if TRACES had been asked for, and so does this.
     */
    static TraceMetricsView parse(String text) {
        for (TraceMetricsView view : values()) {
            if (view.name().equals(text) || String.valueOf(view.ordinal() + 1).equals(text)) {
                return view;
            }
        }
        return TRACES;
    }
}
