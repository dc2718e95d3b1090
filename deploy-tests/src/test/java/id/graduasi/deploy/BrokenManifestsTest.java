package id.graduasi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.graduasi.events.contract.Topics;

/** The validation fails on broken manifests: it would not pass everything. */
class BrokenManifestsTest {

    /** Each fixture in broken/ is rejected, with the error its "# expect:" line names. */
    @TestFactory
    Stream<DynamicTest> everyBrokenFixtureIsRejected() throws Exception {
        Path dir = Path.of(getClass().getClassLoader().getResource("broken").toURI());
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Manifests.yamlFiles(dir)) {
            String first = Files.readAllLines(file).get(0);
            assertTrue(first.startsWith("# expect: "), file + " names no expected error");
            String expected = first.substring("# expect: ".length());
            tests.add(DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
                List<String> errors = ManifestValidator.validate(Manifests.read(file).get(0));
                assertFalse(errors.isEmpty(), file + " passed validation");
                assertTrue(errors.stream().anyMatch(e -> e.contains(expected)), "expected '" + expected + "' in " + errors);
            }));
        }
        assertTrue(tests.size() >= 10, "only " + tests.size() + " broken fixtures");
        return tests.stream();
    }

    private static List<ObjectNode> dev() {
        return DeployManifestsTest.render("dev");
    }

    private static ObjectNode deployment(List<ObjectNode> docs, String name) {
        return Manifests.find(docs, "Deployment", name).orElseThrow();
    }

    @Test
    void aProbeOnTheWrongPathOrPortIsCaught() {
        List<ObjectNode> docs = dev();
        ObjectNode c = (ObjectNode) Checks.container(deployment(docs, "assistance-service"));
        ((ObjectNode) c.path("readinessProbe").path("httpGet")).put("path", "/q/health");
        ((ObjectNode) c.path("livenessProbe").path("httpGet")).put("port", 8081);
        c.remove("startupProbe");
        List<String> errors = Checks.probes(docs, ServiceConfig.all());
        assertEquals(3, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("assistance-service"), errors::toString);
    }

    @Test
    void aMissingLimitIsCaught() {
        List<ObjectNode> docs = dev();
        ((ObjectNode) Checks.container(deployment(docs, "graduation-service")).path("resources").path("limits")).remove("memory");
        assertEquals(1, Checks.resources(docs).size());
    }

    @Test
    void aMissingOrUnknownTopicIsCaught() {
        List<ObjectNode> docs = new ArrayList<>(dev());
        ObjectNode dlq = Manifests.find(docs, "KafkaTopic", Topics.deadLetter("registry-service-spdci")).orElseThrow();
        docs.remove(dlq);
        ObjectNode extra = dlq.deepCopy();
        ((ObjectNode) extra.path("metadata")).put("name", "graduasi.dlq.typo");
        ((ObjectNode) extra.path("spec")).put("topicName", "graduasi.dlq.typo");
        docs.add(extra);
        List<String> errors = Checks.topics(docs, Topics.all());
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("graduasi.dlq.registry-service-spdci")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("graduasi.dlq.typo")), errors::toString);
    }

    @Test
    void aConsumedTopicOutsideTheContractIsCaught() {
        var registry = ServiceConfig.load("registry-service");
        var wrong = new ServiceConfig(registry.name(), registry.port(), registry.database(),
                java.util.Set.of("graduasi.registry.household.v2"), registry.deadLetterTopics());
        assertEquals(1, Checks.configuredTopics(List.of(wrong), Topics.all()).size());
    }

    @Test
    void underReplicatedTopicsAreCaught() {
        assertFalse(Checks.replication(dev(), 3, 2).isEmpty());
    }

    @Test
    void aServicePointingAtAnotherServicesDatabaseIsCaught() {
        List<ObjectNode> docs = dev();
        ObjectNode config = Manifests.find(docs, "ConfigMap", "registry-service-config").orElseThrow();
        ((ObjectNode) config.path("data")).put("QUARKUS_DATASOURCE_REACTIVE_URL",
                "postgresql://graduasi-assistance-rw:5432/graduasi_assistance");
        ArrayNode env = (ArrayNode) Checks.container(deployment(docs, "registry-service")).path("env");
        ((ObjectNode) env.get(0).path("valueFrom").path("secretKeyRef")).put("name", "graduasi-assistance-app");
        List<String> errors = Checks.databases(docs, ServiceConfig.all());
        assertEquals(2, errors.size(), errors::toString);
    }

    @Test
    void aServiceRunningAsTheDatabaseOwnerIsCaught() {
        List<ObjectNode> docs = dev();
        for (JsonNode e : Checks.container(deployment(docs, "mentoring-service")).path("env")) {
            if (e.path("name").asText().startsWith("QUARKUS_DATASOURCE_")) {
                ((ObjectNode) e.path("valueFrom").path("secretKeyRef")).put("name", "graduasi-mentoring-app");
            }
        }
        List<String> errors = Checks.databases(docs, ServiceConfig.all());
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("graduasi-mentoring-runtime"), errors::toString);
    }

    @Test
    void aClusterWithoutItsRuntimeRoleOrWithTheOwnerAsItIsCaught() {
        List<ObjectNode> docs = dev();
        ObjectNode registry = Manifests.find(docs, "Cluster", "graduasi-registry").orElseThrow();
        ((ObjectNode) registry.path("spec")).remove("managed");
        ObjectNode graduation = Manifests.find(docs, "Cluster", "graduasi-graduation").orElseThrow();
        ((ObjectNode) graduation.path("spec").path("managed").path("roles").get(0)).put("name", "graduation");
        List<String> errors = Checks.databases(docs, ServiceConfig.all());
        assertEquals(3, errors.size(), errors::toString); // graduation's also: its dev secret names another user
        assertTrue(errors.get(0).contains("manages no role"), errors::toString);
        assertTrue(errors.get(1).contains("nor the owner"), errors::toString);
    }

    @Test
    void anUndocumentedSecretIsCaught() {
        List<ObjectNode> docs = DeployManifestsTest.render("prod");
        assertFalse(Checks.secrets(docs, java.util.Set.of()).isEmpty());
    }

    @Test
    void aDeploymentWithoutAutoscalerOrDisruptionBudgetIsCaught() {
        List<ObjectNode> docs = new ArrayList<>(dev());
        docs.removeIf(d -> Manifests.name(d).equals("mentoring-service")
                && List.of("HorizontalPodAutoscaler", "PodDisruptionBudget").contains(Manifests.kind(d)));
        assertEquals(2, Checks.availability(docs).size());
    }

    @Test
    void theRendererRefusesWhatItDoesNotImplement(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: []
                commonLabels:
                  a: b
                """);
        var e = assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
        assertTrue(e.getMessage().contains("commonLabels"), e.getMessage());
    }

    @Test
    void aPatchOnAMissingPathFails(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("cm.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: x
                data:
                  A: b
                """);
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - cm.yaml
                patches:
                  - target:
                      kind: ConfigMap
                    patch: |-
                      - op: replace
                        path: /data/B
                        value: c
                """);
        assertThrows(IllegalArgumentException.class, () -> Kustomize.build(dir));
    }

}
