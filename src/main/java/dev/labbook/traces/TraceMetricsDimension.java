package dev.labbook.traces;

/** The dimensions a trace metric can be grouped by, named as MLflow's request names them. */
enum TraceMetricsDimension {
    TRACE_NAME("trace_name", null),
    TRACE_STATUS("trace_status", null),
    SPAN_NAME("span_name", null),
    SPAN_TYPE("span_type", null),
    SPAN_STATUS("span_status", null),
    SPAN_MODEL_NAME("span_model_name", SpanTranslation.MODEL),
    SPAN_MODEL_PROVIDER("span_model_provider", SpanTranslation.MODEL_PROVIDER),
    ASSESSMENT_NAME("assessment_name", null),
    ASSESSMENT_VALUE("assessment_value", null);

    private final String wire;
    private final String spanAttribute;

    TraceMetricsDimension(String wire, String spanAttribute) {
        this.wire = wire;
        this.spanAttribute = spanAttribute;
    }

    String wire() {
        return wire;
    }

    /**
     * The span attribute the value is read from, or null for a column. MLflow's store copies the model
     * and provider attributes into span columns as spans arrive; Labbook's spans table keeps them only
     * in the span's JSON content, so these are read from there.
     */
    String spanAttribute() {
        return spanAttribute;
    }

    static TraceMetricsDimension byWire(String wire) {
        for (TraceMetricsDimension d : values()) {
            if (d.wire.equals(wire)) {
                return d;
            }
        }
        return null;
    }
}
