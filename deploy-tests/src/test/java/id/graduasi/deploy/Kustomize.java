package id.graduasi.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a kustomization the way {@code kustomize build} does, for the part of Kustomize that deploy/ uses:
 * {@code resources} (files, and directories holding a kustomization), {@code namespace}, {@code images} and
 * {@code patches} holding inline JSON 6902 patches ({@code add}, {@code replace}, {@code remove}) with a target of
 * kind and optionally name. Anything else in a kustomization fails, so an overlay cannot use a feature this
 * renderer would silently skip; where kubectl is installed, a test compares the two renderings.
 */
final class Kustomize {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "namespace", "images", "patches");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "ClusterRole", "ClusterRoleBinding",
            "CustomResourceDefinition", "PersistentVolume", "StorageClass", "PriorityClass");

    private Kustomize() {
    }

    static List<ObjectNode> build(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(dir + " has no kustomization.yaml");
        }
        List<ObjectNode> docs = Manifests.read(file);
        if (docs.size() != 1) {
            throw new IllegalArgumentException(file + " must hold one document");
        }
        JsonNode k = docs.get(0);
        k.fieldNames().forEachRemaining(field -> {
            if (!SUPPORTED.contains(field)) {
                throw new IllegalArgumentException(file + ": '" + field + "' is not supported by this renderer");
            }
        });
        if (!"Kustomization".equals(k.path("kind").asText())
                || !"kustomize.config.k8s.io/v1beta1".equals(k.path("apiVersion").asText())) {
            throw new IllegalArgumentException(file + ": not a kustomize.config.k8s.io/v1beta1 Kustomization");
        }
        List<ObjectNode> out = new ArrayList<>();
        for (JsonNode resource : k.path("resources")) {
            Path p = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(p)) {
                out.addAll(build(p));
            } else if (Files.isRegularFile(p)) {
                out.addAll(Manifests.read(p));
            } else {
                throw new IllegalArgumentException(file + ": resource " + resource.asText() + " not found");
            }
        }
        for (JsonNode patch : k.path("patches")) {
            applyPatch(file, patch, out);
        }
        if (k.hasNonNull("namespace")) {
            String ns = k.get("namespace").asText();
            out.stream().filter(d -> !CLUSTER_SCOPED.contains(Manifests.kind(d)))
                    .forEach(d -> ((ObjectNode) d.path("metadata")).put("namespace", ns));
        }
        for (JsonNode image : k.path("images")) {
            setImage(image, out);
        }
        return out;
    }

    private static void applyPatch(Path file, JsonNode patch, List<ObjectNode> docs) {
        patch.fieldNames().forEachRemaining(field -> {
            if (!Set.of("target", "patch").contains(field)) {
                throw new IllegalArgumentException(file + ": patches." + field + " is not supported by this renderer");
            }
        });
        JsonNode target = patch.path("target");
        target.fieldNames().forEachRemaining(field -> {
            if (!Set.of("kind", "name").contains(field)) {
                throw new IllegalArgumentException(file + ": patch target " + field + " is not supported by this renderer");
            }
        });
        JsonNode ops;
        try {
            ops = Manifests.YAML.readTree(patch.path("patch").asText());
        } catch (Exception e) {
            throw new IllegalArgumentException(file + ": unreadable patch", e);
        }
        if (!ops.isArray()) {
            throw new IllegalArgumentException(file + ": only JSON 6902 patches (a list of operations) are supported");
        }
        int matched = 0;
        for (ObjectNode doc : docs) {
            if (target.has("kind") && !target.get("kind").asText().equals(Manifests.kind(doc))) {
                continue;
            }
            if (target.has("name") && !target.get("name").asText().equals(Manifests.name(doc))) {
                continue;
            }
            matched++;
            for (JsonNode op : ops) {
                apply(file, doc, op);
            }
        }
        if (matched == 0) {
            throw new IllegalArgumentException(file + ": patch target " + target + " matches no resource");
        }
    }

    private static void apply(Path file, ObjectNode doc, JsonNode op) {
        String path = op.path("path").asText();
        String verb = op.path("op").asText();
        List<String> tokens = new ArrayList<>();
        for (String t : path.substring(1).split("/", -1)) {
            tokens.add(t.replace("~1", "/").replace("~0", "~"));
        }
        JsonNode parent = doc;
        for (String t : tokens.subList(0, tokens.size() - 1)) {
            parent = parent.isArray() ? parent.path(Integer.parseInt(t)) : parent.path(t);
        }
        String last = tokens.get(tokens.size() - 1);
        String where = file + ": " + verb + " " + path + " in " + Manifests.id(doc);
        if (parent.isMissingNode() || !(parent.isObject() || parent.isArray())) {
            throw new IllegalArgumentException(where + ": no such parent");
        }
        switch (verb) {
            case "add" -> {
                if (parent instanceof ObjectNode o) {
                    o.set(last, op.get("value"));
                } else if ("-".equals(last)) {
                    ((ArrayNode) parent).add(op.get("value"));
                } else {
                    ((ArrayNode) parent).insert(Integer.parseInt(last), op.get("value"));
                }
            }
            case "replace", "remove" -> {
                boolean exists = parent instanceof ObjectNode o ? o.has(last)
                        : Integer.parseInt(last) < parent.size();
                if (!exists) {
                    throw new IllegalArgumentException(where + ": no such value");
                }
                if ("remove".equals(verb)) {
                    if (parent instanceof ObjectNode o) {
                        o.remove(last);
                    } else {
                        ((ArrayNode) parent).remove(Integer.parseInt(last));
                    }
                } else if (parent instanceof ObjectNode o) {
                    o.set(last, op.get("value"));
                } else {
                    ((ArrayNode) parent).set(Integer.parseInt(last), op.get("value"));
                }
            }
            default -> throw new IllegalArgumentException(where + ": operation not supported by this renderer");
        }
    }

    private static void setImage(JsonNode image, List<ObjectNode> docs) {
        String name = image.path("name").asText();
        for (ObjectNode doc : docs) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : doc.path("spec").path("template").path("spec").path(list)) {
                    String current = c.path("image").asText();
                    int at = current.indexOf('@');
                    int colon = current.lastIndexOf(':');
                    String repo = at >= 0 ? current.substring(0, at)
                            : colon > current.lastIndexOf('/') ? current.substring(0, colon) : current;
                    if (!repo.equals(name)) {
                        continue;
                    }
                    String tag = current.substring(repo.length());
                    String newName = image.path("newName").asText(repo);
                    if (image.has("newTag")) {
                        tag = ":" + image.get("newTag").asText();
                    }
                    if (image.has("digest")) {
                        tag = "@" + image.get("digest").asText();
                    }
                    ((ObjectNode) c).put("image", newName + tag);
                }
            }
        }
    }
}
