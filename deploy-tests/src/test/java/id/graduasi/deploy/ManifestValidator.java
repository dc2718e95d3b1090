package id.graduasi.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Strict schema validation of one Kubernetes manifest, offline.
 *
 * <p>Built-in kinds, Strimzi's and the Prometheus operator's are read into their typed models: fabric8's
 * Kubernetes model (generated from the Kubernetes OpenAPI schema), Strimzi's own {@code io.strimzi:api} and
 * fabric8's monitoring model. Reading is strict: a value of the wrong type fails (no string-to-number or
 * number-to-string coercion), and a field the schema does not know fails: these models keep unknown fields in
 * {@code additionalProperties}, which must stay empty everywhere in the object graph. CloudNativePG's Cluster has
 * no Java model and is checked against a JSON Schema written after its CRD (see the schema's $comment). A kind that
 * is none of these fails.
 */
final class ManifestValidator {

    private record Kind(String apiVersion, String kind) {
    }

    private static final Map<Kind, Class<?>> MODELS = Map.ofEntries(
            Map.entry(new Kind("v1", "ConfigMap"), io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry(new Kind("v1", "Secret"), io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry(new Kind("v1", "Service"), io.fabric8.kubernetes.api.model.Service.class),
            Map.entry(new Kind("v1", "PersistentVolumeClaim"), io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
            Map.entry(new Kind("apps/v1", "Deployment"), io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry(new Kind("autoscaling/v2", "HorizontalPodAutoscaler"),
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry(new Kind("policy/v1", "PodDisruptionBudget"),
                    io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry(new Kind("networking.k8s.io/v1", "NetworkPolicy"),
                    io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry(new Kind("monitoring.coreos.com/v1", "ServiceMonitor"),
                    io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor.class),
            Map.entry(new Kind("kafka.strimzi.io/v1beta2", "Kafka"), io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry(new Kind("kafka.strimzi.io/v1beta2", "KafkaNodePool"),
                    io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry(new Kind("kafka.strimzi.io/v1beta2", "KafkaTopic"),
                    io.strimzi.api.kafka.model.topic.KafkaTopic.class));

    private static final Map<Kind, String> SCHEMAS = Map.of(
            new Kind("postgresql.cnpg.io/v1", "Cluster"), "schemas/cnpg-cluster-v1-subset.json");

    /** RFC 1123 subdomain: what metadata.name of most kinds must be. */
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$");
    /** RFC 1035 label: what Service names must be. */
    private static final Pattern DNS_LABEL = Pattern.compile("^[a-z]([-a-z0-9]*[a-z0-9])?$");
    private static final Pattern LABEL_VALUE = Pattern.compile("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$");

    static final ObjectMapper STRICT = strictMapper();

    private ManifestValidator() {
    }

    private static ObjectMapper strictMapper() {
        ObjectMapper mapper = JsonMapper.builder()
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .build();
        // A number or boolean where the schema has a string fails, as the API server fails it (an env value or
        // a ConfigMap value of 12 instead of "12").
        for (CoercionInputShape shape : List.of(CoercionInputShape.Integer, CoercionInputShape.Float,
                CoercionInputShape.Boolean)) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : List.of(LogicalType.Integer, LogicalType.Float, LogicalType.Boolean)) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
        }
        return mapper;
    }

    /** The schema errors of one manifest; empty when it is valid. */
    static List<String> validate(JsonNode doc) {
        List<String> errors = new ArrayList<>();
        String id = Manifests.id(doc);
        Kind kind = new Kind(doc.path("apiVersion").asText(), Manifests.kind(doc));
        String name = Manifests.name(doc);
        if (name.isEmpty()) {
            errors.add(id + ": metadata.name is required");
        } else if (!DNS_SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
            errors.add(id + ": metadata.name is not a DNS subdomain");
        } else if (kind.kind().equals("Service") && (!DNS_LABEL.matcher(name).matches() || name.length() > 63)) {
            errors.add(id + ": a Service name must be a DNS label");
        }
        doc.path("metadata").path("labels").fields().forEachRemaining(label -> {
            if (!label.getValue().isTextual() || !LABEL_VALUE.matcher(label.getValue().asText()).matches()
                    || label.getValue().asText().length() > 63) {
                errors.add(id + ": label " + label.getKey() + " has an invalid value " + label.getValue());
            }
        });
        Class<?> model = MODELS.get(kind);
        String schema = SCHEMAS.get(kind);
        if (model != null) {
            try {
                Object value = STRICT.treeToValue(doc, model);
                unknownFields(value, "", errors, Collections.newSetFromMap(new IdentityHashMap<>()));
            } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
                StringBuilder at = new StringBuilder();
                for (var ref : e.getPath()) {
                    at.append(ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]");
                }
                errors.add(id + ": at " + at + ": " + firstLine(e.getOriginalMessage()));
            } catch (IOException | IllegalArgumentException e) {
                errors.add(id + ": " + firstLine(e.getMessage()));
            }
            errors.replaceAll(e -> e.startsWith(id) ? e : id + ": " + e);
        } else if (schema != null) {
            for (ValidationMessage m : schema(schema).validate(doc)) {
                errors.add(id + ": " + m.getMessage());
            }
        } else {
            errors.add(id + ": no schema for apiVersion " + kind.apiVersion() + " kind " + kind.kind());
        }
        return errors;
    }

    private static String firstLine(String message) {
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    private static final Map<String, JsonSchema> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonSchema schema(String resource) {
        return LOADED.computeIfAbsent(resource, r -> {
            try (InputStream in = ManifestValidator.class.getClassLoader().getResourceAsStream(r)) {
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Walks the model object graph: any non-empty additionalProperties is a field the schema does not have. */
    private static void unknownFields(Object value, String path, List<String> errors, Set<Object> seen) {
        if (value == null || !seen.add(value)) {
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, errors, seen));
            return;
        }
        if (value instanceof Collection<?> list) {
            int i = 0;
            for (Object v : list) {
                unknownFields(v, path + "[" + i++ + "]", errors, seen);
            }
            return;
        }
        String type = value.getClass().getName();
        if (!type.startsWith("io.fabric8.") && !type.startsWith("io.strimzi.")) {
            return;
        }
        for (Class<?> c = value.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (Modifier.isStatic(f.getModifiers())) {
                    continue;
                }
                Object fieldValue;
                try {
                    f.setAccessible(true);
                    fieldValue = f.get(value);
                } catch (ReflectiveOperationException | RuntimeException e) {
                    continue;
                }
                if (f.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?> extra) {
                    if (!extra.isEmpty()) {
                        errors.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
                    }
                    continue;
                }
                unknownFields(fieldValue, path + "." + f.getName(), errors, seen);
            }
        }
    }
}
