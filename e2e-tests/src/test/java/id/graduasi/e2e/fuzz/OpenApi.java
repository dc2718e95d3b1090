package id.graduasi.e2e.fuzz;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * The operations a service's own {@code /q/openapi?format=json} declares: the fuzzer knows nothing of the services
 * but this document, so an operation added tomorrow is fuzzed tomorrow.
 */
public final class OpenApi {

    /** One parameter: {@code in} is path, query or header. */
    public record Param(String name, String in, boolean required, JsonNode schema) {
    }

    /** One operation; {@code body} is the request body's schema (a MissingNode when it takes none). */
    public record Operation(String method, String path, List<Param> params, JsonNode body, List<String> mediaTypes) {

        public String id() {
            return method + " " + path;
        }
    }

    private final JsonNode document;

    private OpenApi(JsonNode document) {
        this.document = document;
    }

    public static OpenApi parse(String json) {
        try {
            return new OpenApi(new ObjectMapper().readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an OpenAPI JSON document", e);
        }
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext();) {
            Map.Entry<String, JsonNode> path = paths.next();
            List<Param> shared = params(path.getValue().path("parameters"));
            for (Iterator<Map.Entry<String, JsonNode>> methods = path.getValue().fields(); methods.hasNext();) {
                Map.Entry<String, JsonNode> method = methods.next();
                if (method.getKey().equals("parameters")) {
                    continue;
                }
                List<Param> params = new ArrayList<>(shared);
                params.addAll(params(method.getValue().path("parameters")));
                JsonNode content = method.getValue().path("requestBody").path("content");
                List<String> mediaTypes = new ArrayList<>();
                content.fieldNames().forEachRemaining(mediaTypes::add);
                JsonNode body = mediaTypes.isEmpty() ? MissingNode.getInstance()
                        : resolve(content.path(mediaTypes.get(0)).path("schema"));
                operations.add(new Operation(method.getKey().toUpperCase(), path.getKey(), List.copyOf(params), body,
                        List.copyOf(mediaTypes)));
            }
        }
        return operations;
    }

    /** Follows a {@code $ref} to {@code #/components/schemas/...}; other schemas are returned as they are. */
    public JsonNode resolve(JsonNode schema) {
        for (int hops = 0; hops < 20 && schema.has("$ref"); hops++) {
            String ref = schema.get("$ref").asText();
            schema = document.at(ref.startsWith("#") ? ref.substring(1) : ref);
        }
        if (schema.has("allOf") && schema.get("allOf").size() == 1) {
            return resolve(schema.get("allOf").get(0));
        }
        return schema;
    }

    private List<Param> params(JsonNode list) {
        List<Param> params = new ArrayList<>();
        for (JsonNode p : list) {
            p = resolve(p);
            params.add(new Param(p.path("name").asText(), p.path("in").asText(), p.path("required").asBoolean(),
                    resolve(p.path("schema"))));
        }
        return params;
    }
}
