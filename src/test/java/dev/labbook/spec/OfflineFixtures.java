package dev.labbook.spec;

import static dev.labbook.spec.Scenarios.ARTIFACTS;
import static dev.labbook.spec.Scenarios.SEQUENCE;
import static dev.labbook.spec.Scenarios.writeFile;

/** Made-up ids, for a server whose database has gone away. */
final class OfflineFixtures implements Fixtures {
    @Override public String unique(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet() + "-" + System.nanoTime();
    }
    @Override public String experiment() {
        return "1";
    }
    @Override public String experimentName() {
        return "offline";
    }
    @Override public String deletedExperiment() {
        return "2";
    }
    @Override public String run() {
        return "0123456789abcdef0123456789abcdef";
    }
    @Override public String deletedRun() {
        return "fedcba9876543210fedcba9876543210";
    }
    @Override public String richExperiment() {
        return "3";
    }
    @Override public String richRun() {
        return "00112233445566778899aabbccddeeff";
    }
    @Override public String secondRichRun() {
        return "ffeeddccbbaa99887766554433221100";
    }
    /** The proxy needs no database, so the file is put straight into the shared destination. */
    @Override public String artifactFile() {
        String path = unique("spec-offline") + "/file.bin";
        writeFile(ARTIFACTS.resolve(path), "offline artifact bytes");
        return path;
    }
    @Override public String runWithArtifact() {
        return run();
    }
    @Override public String loggedModel() {
        return "m-0123456789abcdef0123456789abcdef";
    }
    @Override public String loggedModelExperiment() {
        return "3";
    }
    @Override public String registeredModel() {
        return "offline-model";
    }
    @Override public String trace() {
        return "tr-0123456789abcdef0123456789abcdef";
    }
    @Override public String traceExperiment(String traceId) {
        return "1";
    }
    @Override public String spanlessTrace() {
        return "tr-fedcba9876543210fedcba9876543210";
    }
    @Override public String assessment(String traceId) {
        return "a-0123456789abcdef0123456789abcdef";
    }
    @Override public String scorer(String experimentId) {
        return "00000000-0000-4000-8000-000000000000";
    }
    @Override public String issue(String experimentId) {
        return "iss-0123456789abcdef0123456789abcdef";
    }
    @Override public String labelSchema(String experimentId) {
        return "ls-0123456789abcdef0123456789abcdef";
    }
    @Override public String reviewQueue(String traceId) {
        return "rq-0123456789abcdef0123456789abcdef";
    }
    @Override public String evalDataset() {
        return "d-0123456789abcdef0123456789abcdef";
    }
    @Override public String evalDatasetExperiment(String datasetId) {
        return "1";
    }
}
