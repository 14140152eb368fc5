package dev.labbook.traces;

import dev.labbook.assessments.AssessmentHandlers;

/** The handlers of the tracing routes, handed to the route table as one. */
public record TraceRoutes(TraceHandlers traces, AssessmentHandlers assessments, OtlpHandler otlp,
                          TraceArtifactHandler artifacts, TraceMetricsHandlers metrics) {}
