package dev.labbook.spec;

/** What a request refers to; the live kind creates it on the server, the offline kind makes ids up. */
interface Fixtures {
    String unique(String prefix);

    /** A new active experiment tagged team=vision. */
    String experiment();

    /** The name of a new active experiment. */
    String experimentName();

    String deletedExperiment();

    /** A new active run tagged spec.tag=x. */
    String run();

    String deletedRun();

    /** An experiment whose two runs have metric histories (loss, with a NaN point elsewhere), params, tags and a dataset. */
    String richExperiment();

    String richRun();

    String secondRichRun();

    /** A new file in the artifact proxy's destination; its path there (relative, URL-safe). */
    String artifactFile();

    /** A new run whose artifacts hold the file spec/hello.bin. */
    String runWithArtifact();

    /** A new READY logged model (in a new experiment) with param lr, tag team, an acc metric on spec-eval and an MLmodel file. */
    String loggedModel();

    /** An experiment holding one model like {@link #loggedModel()}. */
    String loggedModelExperiment();

    /**
     * A new registered model tagged team=vision whose version 1 was registered from a run's artifact
     * directory holding an MLmodel file; the version is tagged spec.tag=x and aliased champion.
     */
    String registeredModel();

    /**
     * A new trace in a new experiment: two spans (root and a failed child) exported over OTLP
     * protobuf, then its info sent as the client does (start-trace v3), tagged team=vision, with a
     * feedback and an expectation. Its id.
     */
    String trace();

    /** The experiment a trace from {@link #trace()} or {@link #spanlessTrace()} is in. */
    String traceExperiment(String traceId);

    /** A new trace whose info was sent but whose spans the client keeps as an artifact (none in the database). */
    String spanlessTrace();

    /** A new feedback on the trace; its id. */
    String assessment(String traceId);

    /** The name every fixture scorer is registered under. */
    String SCORER = "spec_judge";

    /** A scorer named {@link #SCORER} with versions 1 and 2 in the experiment; its scorer id. */
    String scorer(String experimentId);

    /** A new pending, high-severity issue in the experiment, with a category and metadata; its id. */
    String issue(String experimentId);
    /** A new categorical label schema named {@link #QUESTION} in the experiment; its id. */
    String labelSchema(String experimentId);

    /** A new custom review queue named {@link #QUEUE} in the trace's experiment, assigned to spec-reviewer, holding the trace; its id. */
    String reviewQueue(String traceId);

    String QUESTION = "spec-question";
    String QUEUE = "Spec Queue";

    /** A new evaluation dataset in a new experiment, tagged team=vision, with two records; its id. */
    String evalDataset();

    /** The experiment a dataset from {@link #evalDataset()} belongs to. */
    String evalDatasetExperiment(String datasetId);
}
