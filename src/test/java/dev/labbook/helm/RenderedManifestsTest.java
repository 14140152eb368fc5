package dev.labbook.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicContainer.dynamicContainer;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.TestFactory;

/**
 * The chart's `helm template` output for every CI value set, read into the typed Kubernetes model
 * (unknown fields and wrong types fail) and checked for the facts the chart promises. The output
 * comes from {@code .ci/helm-check} (target/helm-rendered); without it the test is skipped, unless
 * LABBOOK_REQUIRE_HELM_RENDER is set, as CI does.
 */
class RenderedManifestsTest {

    @TestFactory
    Stream<? extends DynamicNode> everyCiValueSet() throws IOException {
        List<String> sets = ciValueSets();
        Path[] chartFiles = chartFiles();
        if (!Files.isDirectory(RenderedChart.RENDER_DIR)) {
            String reason = RenderedChart.RENDER_DIR + " does not exist: run .ci/helm-check (needs helm) first";
            if (System.getenv("LABBOOK_REQUIRE_HELM_RENDER") != null) {
                fail(reason);
            }
            return Stream.of(dynamicTest("rendered chart output", () -> Assumptions.abort(reason)));
        }
        requireFreshOutput(sets, chartFiles);
        return sets.stream().map(name -> {
            Map<String, RenderedChart> loaded = new ConcurrentHashMap<>();
            Supplier<RenderedChart> chart = () -> loaded.computeIfAbsent(name, RenderedChart::load);
            return dynamicContainer(name, Stream.of(
                    dynamicTest("parses strictly into the Kubernetes model", chart::get),
                    dynamicTest("a misspelled field in the output is caught", () -> typoIsCaught(chart.get())),
                    dynamicTest("probes: liveness /health, readiness /health/ready", () -> probes(chart.get())),
                    dynamicTest("pods run non-root on a read-only root with /tmp on an emptyDir",
                            () -> podSecurity(chart.get())),
                    dynamicTest("migrations run in a pre-install/pre-upgrade hook, not in the server",
                            () -> migrationHook(chart.get())),
                    dynamicTest("every Secret reference resolves", () -> secretRefs(chart.get())),
                    dynamicTest("Service, HPA and PDB select the server pods", () -> wiring(chart.get()))));
        });
    }

    private static void typoIsCaught(RenderedChart chart) {
        String yaml = chart.yaml();
        assertTrue(yaml.contains("readOnlyRootFilesystem: true"));
        var e = assertThrows(KubernetesManifests.InvalidManifestException.class, () -> KubernetesManifests.parse(
                yaml.replaceFirst("readOnlyRootFilesystem: true", "readOnlyRootFileSystem: true")));
        assertTrue(e.getMessage().contains("readOnlyRootFileSystem"), e.getMessage());
    }

    private static void probes(RenderedChart chart) {
        Container server = RenderedChart.onlyContainer(chart.deployment().getSpec().getTemplate().getSpec());
        String prefix = chart.staticPrefix();
        assertHttpProbe(server, server.getLivenessProbe(), prefix + "/health");
        assertHttpProbe(server, server.getReadinessProbe(), prefix + "/health/ready");
    }

    private static void assertHttpProbe(Container container, Probe probe, String path) {
        assertNotNull(probe, "probe missing for " + path);
        assertEquals(path, probe.getHttpGet().getPath());
        String port = probe.getHttpGet().getPort().getStrVal();
        assertTrue(container.getPorts().stream().anyMatch(p -> port.equals(p.getName())),
                "probe port " + port + " is not a named container port");
        // The server bounds its database check to 2 s; a shorter probe timeout would flap.
        assertTrue(probe.getTimeoutSeconds() != null && probe.getTimeoutSeconds() > 2, "timeoutSeconds > 2");
    }

    private static void podSecurity(RenderedChart chart) {
        for (PodTemplateSpec template : List.of(chart.deployment().getSpec().getTemplate(),
                chart.migrationJob().getSpec().getTemplate())) {
            PodSpec pod = template.getSpec();
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
            assertNotEquals(0L, pod.getSecurityContext().getRunAsUser());
            assertEquals(Boolean.FALSE, pod.getAutomountServiceAccountToken());
            Container container = RenderedChart.onlyContainer(pod);
            var sc = container.getSecurityContext();
            assertEquals(Boolean.FALSE, sc.getAllowPrivilegeEscalation());
            assertEquals(Boolean.TRUE, sc.getReadOnlyRootFilesystem());
            assertEquals(Boolean.TRUE, sc.getRunAsNonRoot());
            assertEquals(List.of("ALL"), sc.getCapabilities().getDrop());
            VolumeMount tmp = container.getVolumeMounts().stream().filter(m -> m.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError("no volume on /tmp"));
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
                    .orElseThrow(() -> new AssertionError("/tmp mounts unknown volume " + tmp.getName()));
            assertNotNull(volume.getEmptyDir(), "/tmp must be an emptyDir");
            assertFalse(Boolean.TRUE.equals(tmp.getReadOnly()), "/tmp must be writable");
        }
    }

    private static void migrationHook(RenderedChart chart) {
        Job job = chart.migrationJob();
        Map<String, String> annotations = job.getMetadata().getAnnotations();
        assertEquals(List.of("pre-install", "pre-upgrade"), List.of(annotations.get("helm.sh/hook").split(",")));
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        assertEquals(List.of("db", "upgrade"), RenderedChart.onlyContainer(pod).getArgs());
        List<String> serverArgs = RenderedChart.onlyContainer(chart.deployment().getSpec().getTemplate().getSpec()).getArgs();
        assertEquals("server", serverArgs.get(0));
        assertTrue(serverArgs.contains("--skip-db-upgrade"), serverArgs.toString());
        assertTrue(serverArgs.stream().noneMatch(a -> a.startsWith("--backend-store-uri")), "no URI on the command line");
        // A Secret the hook reads must exist before it: a hook itself, with a lower weight.
        int jobWeight = Integer.parseInt(annotations.getOrDefault("helm.sh/hook-weight", "0"));
        for (EnvVar env : RenderedChart.onlyContainer(pod).getEnv()) {
            if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                String secret = env.getValueFrom().getSecretKeyRef().getName();
                chart.named(Secret.class, secret).ifPresent(s -> {
                    Map<String, String> a = s.getMetadata().getAnnotations();
                    assertNotNull(a, secret + " must be a hook: the Job runs before the release's Secrets exist");
                    assertEquals(annotations.get("helm.sh/hook"), a.get("helm.sh/hook"));
                    assertTrue(Integer.parseInt(a.get("helm.sh/hook-weight")) < jobWeight, "hook Secret weight");
                });
            }
        }
    }

    private static void secretRefs(RenderedChart chart) {
        for (PodSpec pod : List.of(chart.deployment().getSpec().getTemplate().getSpec(),
                chart.migrationJob().getSpec().getTemplate().getSpec())) {
            Container container = RenderedChart.onlyContainer(pod);
            assertTrue(container.getEnv().stream().anyMatch(e -> e.getName().equals("MLFLOW_BACKEND_STORE_URI")
                    && e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null),
                    "MLFLOW_BACKEND_STORE_URI comes from a Secret");
            for (EnvVar env : container.getEnv()) {
                if (env.getValueFrom() == null || env.getValueFrom().getSecretKeyRef() == null) {
                    continue;
                }
                var ref = env.getValueFrom().getSecretKeyRef();
                var keys = chart.secretKeys(ref.getName());
                if (keys.isPresent()) {
                    assertTrue(keys.get().contains(ref.getKey()), env.getName() + ": Secret " + ref.getName()
                            + " has no key " + ref.getKey() + " (has " + keys.get() + ")");
                } else {
                    assertTrue(chart.externalSecrets().contains(ref.getName()), env.getName() + ": Secret "
                            + ref.getName() + " is neither rendered nor an existingSecret of the value set");
                }
            }
        }
        // Nothing secret in plain env values or in the ConfigMap.
        Container server = RenderedChart.onlyContainer(chart.deployment().getSpec().getTemplate().getSpec());
        for (EnvVar env : server.getEnv()) {
            assertFalse(env.getName().matches("AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|MLFLOW_BACKEND_STORE_URI")
                    && env.getValue() != null, env.getName() + " must not be a plain value");
        }
    }

    private static void wiring(RenderedChart chart) {
        Deployment deployment = chart.deployment();
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()), "Deployment selector matches its pods");
        Container server = RenderedChart.onlyContainer(deployment.getSpec().getTemplate().getSpec());
        Service service = chart.one(Service.class);
        assertTrue(podLabels.entrySet().containsAll(service.getSpec().getSelector().entrySet()), "Service selects pods");
        for (var port : service.getSpec().getPorts()) {
            String target = port.getTargetPort().getStrVal();
            assertTrue(server.getPorts().stream().anyMatch(p -> p.getName().equals(target)), "targetPort " + target);
        }
        for (HorizontalPodAutoscaler hpa : chart.all(HorizontalPodAutoscaler.class)) {
            assertEquals("Deployment", hpa.getSpec().getScaleTargetRef().getKind());
            assertEquals(deployment.getMetadata().getName(), hpa.getSpec().getScaleTargetRef().getName());
            assertTrue(hpa.getSpec().getMinReplicas() <= hpa.getSpec().getMaxReplicas());
        }
        for (PodDisruptionBudget pdb : chart.all(PodDisruptionBudget.class)) {
            assertTrue(podLabels.entrySet().containsAll(pdb.getSpec().getSelector().getMatchLabels().entrySet()));
        }
        for (var object : chart.objects()) {
            String name = object.getMetadata().getName();
            assertTrue(name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"), "DNS-1123 label: " + name);
        }
    }

    // ---------------------------------------------------------------------------------------------

    private static List<String> ciValueSets() throws IOException {
        try (Stream<Path> files = Files.list(RenderedChart.CHART_DIR.resolve("ci"))) {
            return files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith("-values.yaml"))
                    .map(f -> f.substring(0, f.length() - "-values.yaml".length())).sorted().toList();
        }
    }

    private static Path[] chartFiles() throws IOException {
        try (Stream<Path> files = Files.walk(RenderedChart.CHART_DIR)) {
            return files.filter(Files::isRegularFile).toArray(Path[]::new);
        }
    }

    /** Fails when a value set has no rendered output or the chart changed after rendering. */
    private static void requireFreshOutput(List<String> sets, Path[] chartFiles) throws IOException {
        FileTime newestChartFile = FileTime.fromMillis(0);
        for (Path file : chartFiles) {
            FileTime t = Files.getLastModifiedTime(file);
            newestChartFile = t.compareTo(newestChartFile) > 0 ? t : newestChartFile;
        }
        for (String name : sets) {
            Path rendered = RenderedChart.RENDER_DIR.resolve(name + ".yaml");
            assertTrue(Files.isRegularFile(rendered), rendered + " missing: rerun .ci/helm-check");
            assertTrue(Files.getLastModifiedTime(rendered).compareTo(newestChartFile) >= 0,
                    rendered + " is older than the chart: rerun .ci/helm-check");
        }
    }
}
