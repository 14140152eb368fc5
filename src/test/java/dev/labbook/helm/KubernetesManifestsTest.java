package dev.labbook.helm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The strict reader itself, on small hand-written manifests (needs no helm). */
class KubernetesManifestsTest {
    private static final String DEPLOYMENT = """
            # Source: labbook/templates/deployment.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: demo
              labels: {app: demo}
            spec:
              replicas: 2
              selector: {matchLabels: {app: demo}}
              template:
                metadata: {labels: {app: demo}}
                spec:
                  containers:
                    - name: demo
                      image: "demo:1"
                      env:
                        - {name: MLFLOW_WORKERS, value: "4"}
                      ports:
                        - {name: http, containerPort: 5000}
                      readinessProbe:
                        httpGet: {path: /health/ready, port: http}
            """;

    @Test
    void readsValidDocumentsIntoTypedObjectsAndSkipsEmptyOnes() {
        List<HasMetadata> objects = KubernetesManifests.parse("---\n" + DEPLOYMENT + "---\n# only a comment\n");
        assertEquals(1, objects.size());
        Deployment deployment = assertInstanceOf(Deployment.class, objects.get(0));
        assertEquals(2, deployment.getSpec().getReplicas());
        var container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/health/ready", container.getReadinessProbe().getHttpGet().getPath());
        assertEquals("http", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
    }

    @Test
    void rejectsAMisspelledFieldWithItsPath() {
        var e = assertThrows(KubernetesManifests.InvalidManifestException.class,
                () -> KubernetesManifests.parse(DEPLOYMENT.replace("readinessProbe:", "readinesProbe:")));
        assertTrue(e.getMessage().contains("readinesProbe"), e.getMessage());
        assertTrue(e.getMessage().contains("apps/v1/Deployment demo"), e.getMessage());
    }

    @Test
    void rejectsAStringWhereANumberBelongs() {
        var e = assertThrows(KubernetesManifests.InvalidManifestException.class,
                () -> KubernetesManifests.parse(DEPLOYMENT.replace("replicas: 2", "replicas: \"2\"")));
        assertTrue(e.getMessage().contains("replicas"), e.getMessage());
    }

    @Test
    void rejectsANumberWhereAStringBelongs() {
        // An unquoted env value: the API server refuses it ("cannot unmarshal number into ... string").
        var e = assertThrows(KubernetesManifests.InvalidManifestException.class,
                () -> KubernetesManifests.parse(DEPLOYMENT.replace("value: \"4\"", "value: 4")));
        assertTrue(e.getMessage().contains("value"), e.getMessage());
    }

    @Test
    void rejectsAnUnknownApiVersion() {
        var e = assertThrows(KubernetesManifests.InvalidManifestException.class,
                () -> KubernetesManifests.parse(DEPLOYMENT.replace("apps/v1", "extensions/v1beta1")));
        assertTrue(e.getMessage().contains("unknown apiVersion/kind extensions/v1beta1/Deployment"), e.getMessage());
    }

    @Test
    void rejectsAMisplacedFieldInsideANestedObject() {
        // `port` belongs to httpGet, not to the probe itself.
        var e = assertThrows(KubernetesManifests.InvalidManifestException.class,
                () -> KubernetesManifests.parse(DEPLOYMENT.replace(
                        "httpGet: {path: /health/ready, port: http}", "httpGet: {path: /health/ready}\n" + " ".repeat(12) + "port: http")));
        assertTrue(e.getMessage().contains("port"), e.getMessage());
    }
}
