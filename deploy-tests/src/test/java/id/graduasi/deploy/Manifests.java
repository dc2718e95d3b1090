package id.graduasi.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** Reading YAML documents, and finding resources among them. */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();

    private Manifests() {
    }

    /** The repository root (the surefire configuration passes it; tests run from deploy-tests/ otherwise). */
    static Path root() {
        return Path.of(System.getProperty("graduasi.root", "..")).toAbsolutePath().normalize();
    }

    static Path deploy() {
        return root().resolve("deploy");
    }

    /** Every non-empty document of a (multi-document) YAML file; each must be a mapping. */
    static List<ObjectNode> read(Path file) {
        try (var parser = YAML.getFactory().createParser(file.toFile())) {
            List<ObjectNode> docs = new ArrayList<>();
            var it = YAML.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc == null || doc.isNull() || doc.isMissingNode()) {
                    continue;
                }
                if (!doc.isObject()) {
                    throw new IllegalArgumentException(file + ": a document is not a mapping: " + doc);
                }
                docs.add((ObjectNode) doc);
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file.toString(), e);
        }
    }

    static List<Path> yamlFiles(Path dir) {
        try (var files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String kind(JsonNode doc) {
        return doc.path("kind").asText();
    }

    static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    static String id(JsonNode doc) {
        return doc.path("apiVersion").asText() + " " + kind(doc) + " " + name(doc);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(kind(d))).toList();
    }

    static Optional<ObjectNode> find(List<ObjectNode> docs, String kind, String name) {
        return docs.stream().filter(d -> kind.equals(kind(d)) && name.equals(name(d))).findFirst();
    }

    static Predicate<JsonNode> labelsMatch(JsonNode matchLabels) {
        return labels -> {
            var it = matchLabels.fields();
            while (it.hasNext()) {
                var e = it.next();
                if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                    return false;
                }
            }
            return true;
        };
    }
}
