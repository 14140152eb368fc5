package dev.labbook.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** One CI value set's `helm template` output, typed, beside the values it was rendered from. */
record RenderedChart(String name, String yaml, List<HasMetadata> objects, JsonNode values) {
    static final Path RENDER_DIR = Path.of("target", "helm-rendered");
    static final Path CHART_DIR = Path.of("helm", "labbook");

    static RenderedChart load(String name) {
        try {
            String yaml = Files.readString(RENDER_DIR.resolve(name + ".yaml"));
            JsonNode values = new YAMLMapper().readTree(CHART_DIR.resolve("ci").resolve(name + "-values.yaml").toFile());
            return new RenderedChart(name, yaml, KubernetesManifests.parse(yaml), values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> Optional<T> named(Class<T> type, String objectName) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(objectName)).findFirst();
    }

    <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        if (found.size() != 1) {
            throw new AssertionError(name + ": expected one " + type.getSimpleName() + ", found " + found.size());
        }
        return found.get(0);
    }

    Deployment deployment() {
        return one(Deployment.class);
    }

    Job migrationJob() {
        return one(Job.class);
    }

    static Container onlyContainer(PodSpec pod) {
        if (pod.getContainers().size() != 1) {
            throw new AssertionError("expected one container, found " + pod.getContainers().size());
        }
        return pod.getContainers().get(0);
    }

    /** --static-prefix as the server will see it (MLFLOW_STATIC_PREFIX from the chart's ConfigMap). */
    String staticPrefix() {
        return one(ConfigMap.class).getData().getOrDefault("MLFLOW_STATIC_PREFIX", "");
    }

    /** Keys of a rendered Secret (data and stringData), empty when the chart does not render it. */
    Optional<Set<String>> secretKeys(String secretName) {
        return named(Secret.class, secretName).map(s -> {
            Set<String> keys = new HashSet<>();
            if (s.getData() != null) {
                keys.addAll(s.getData().keySet());
            }
            if (s.getStringData() != null) {
                keys.addAll(s.getStringData().keySet());
            }
            return keys;
        });
    }

    /** Secrets the value set says the operator creates beforehand (server.*.existingSecret). */
    Set<String> externalSecrets() {
        Set<String> names = new HashSet<>();
        for (String path : List.of("/server/backendStore/existingSecret", "/server/s3/existingSecret",
                "/auth/existingSecret")) {
            String value = values.at(path).asText("");
            if (!value.isEmpty()) {
                names.add(value);
            }
        }
        return names;
    }
}
