package dev.labbook.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads `helm template` output into fabric8's typed Kubernetes model, as strictly as the API server
 * would: an unknown field, a string where a number belongs (or the reverse) or an unknown
 * apiVersion/kind is an error naming the document and the field path.
 *
 * <p>fabric8's classes keep unknown fields in an "additionalProperties" map through
 * {@code @JsonAnySetter}; the introspector below switches that off so that they fail instead.
 */
final class KubernetesManifests {
    /** The apiVersion/kind pairs the chart may render, each with its model class. */
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class));

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper STRICT = strictMapper();

    private KubernetesManifests() {}

    /** Every non-empty document of a multi-document YAML stream, as typed objects. */
    static List<HasMetadata> parse(String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        try (var docs = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            int index = 0;
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                index++;
                if (doc == null || doc.isNull() || doc.isMissingNode() || doc.isEmpty()) {
                    continue;
                }
                objects.add(toTyped(doc, index));
            }
        } catch (IOException e) {
            throw new InvalidManifestException("not YAML: " + e.getMessage(), e);
        }
        return objects;
    }

    private static HasMetadata toTyped(JsonNode doc, int index) {
        String key = doc.path("apiVersion").asText() + "/" + doc.path("kind").asText();
        String where = "document " + index + " (" + key + " " + doc.path("metadata").path("name").asText() + ")";
        Class<? extends HasMetadata> type = KINDS.get(key);
        if (type == null) {
            throw new InvalidManifestException(where + ": unknown apiVersion/kind " + key, null);
        }
        try {
            return STRICT.treeToValue(doc, type);
        } catch (IOException e) {
            throw new InvalidManifestException(where + ": " + e.getMessage(), e);
        }
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
            @Override
            public Boolean hasAnySetter(Annotated a) {
                return Boolean.FALSE;
            }
        });
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        // The API server takes no number or boolean where a string belongs (env values, labels).
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        return mapper;
    }

    /** A rendered document that the Kubernetes API would refuse. */
    static final class InvalidManifestException extends RuntimeException {
        InvalidManifestException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
