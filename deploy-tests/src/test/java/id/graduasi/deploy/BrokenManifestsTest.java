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
        List<String> errors = Checks.topics(docs, ServiceConfig.deployedTopics());
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("graduasi.dlq.registry-service-spdci")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("graduasi.dlq.typo")), errors::toString);
    }

    @Test
    void aConsumedTopicOutsideTheContractIsCaught() {
        var registry = ServiceConfig.load("registry-service");
        var wrong = new ServiceConfig(registry.name(), registry.port(), registry.database(),
                java.util.Set.of("graduasi.registry.household.v2"), registry.deadLetterTopics(), registry.properties());
        assertEquals(1, Checks.configuredTopics(List.of(wrong), Topics.all()).size());
    }

    @Test
    void theDashboardsDeadLetterTopicIsNoContractTopicAndMustBeDeclared() {
        List<ObjectNode> docs = new ArrayList<>(dev());
        assertFalse(Checks.topics(docs, Topics.all()).isEmpty(), "graduasi.dlq.dashboard-service is outside Topics.all()");
        docs.removeIf(d -> Manifests.name(d).equals(Topics.deadLetter("dashboard-service")));
        List<String> errors = Checks.topics(docs, ServiceConfig.deployedTopics());
        assertEquals(List.of("topic graduasi.dlq.dashboard-service has no KafkaTopic"), errors);
    }

    @Test
    void aVariableTheServiceDoesNotReadOrOneOverridingItsGroupIsCaught() {
        List<ObjectNode> docs = dev();
        ObjectNode data = (ObjectNode) Manifests.find(docs, "ConfigMap", "dashboard-service-config").orElseThrow()
                .path("data");
        data.put("GRADUASI_DASHBOARD_K_ANONYMTY", "10");
        data.put("GRADUASI_DASHBOARD_GROUP", "dashboard-service-0");
        List<String> errors = Checks.environment(docs, ServiceConfig.all());
        assertEquals(2, errors.size(), errors::toString);
        assertTrue(errors.get(0).contains("GRADUASI_DASHBOARD_GROUP overrides mp.messaging.incoming.graduasi-events.group.id"),
                errors::toString);
        assertTrue(errors.get(1).contains("GRADUASI_DASHBOARD_K_ANONYMTY is no property"), errors::toString);
    }

    @Test
    void aDatabaseOpenToAnotherServiceOrClosedToItsOwnIsCaught() {
        List<ObjectNode> docs = new ArrayList<>(dev());
        docs.removeIf(d -> Manifests.name(d).equals("graduasi-dashboard-database"));
        ObjectNode registry = Manifests.find(docs, "NetworkPolicy", "graduasi-registry-database").orElseThrow();
        ((ObjectNode) registry.path("spec").path("ingress").get(0).path("from").get(0)).putObject("podSelector")
                .putObject("matchLabels").put("app.kubernetes.io/component", "service");
        List<String> errors = Checks.networkPolicies(docs, ServiceConfig.all(), "graduasi-dev");
        assertEquals(5, errors.size(), errors::toString); // four other services reach the registry's database
        assertTrue(errors.contains("dashboard-service can reach registry-service's database graduasi-registry"),
                errors::toString);
        assertTrue(errors.contains("dashboard-service: cannot reach its database graduasi-dashboard on 5432"),
                errors::toString);
    }

    @Test
    void theDashboardOpenToTheServicesOrClosedToPrometheusIsCaught() {
        List<ObjectNode> docs = new ArrayList<>(dev());
        ObjectNode http = Manifests.find(docs, "NetworkPolicy", "graduasi-services-http").orElseThrow();
        ((ObjectNode) http.path("spec").path("podSelector")).remove("matchExpressions");
        ObjectNode dashboard = Manifests.find(docs, "NetworkPolicy", "graduasi-dashboard-http").orElseThrow();
        ((ArrayNode) dashboard.path("spec").path("ingress").get(0).path("from")).remove(1); // monitoring
        List<String> errors = Checks.networkPolicies(docs, ServiceConfig.all(), "graduasi-dev");
        assertEquals(5, errors.size(), errors::toString); // any pod, and each of the four services
        assertTrue(errors.get(0).startsWith("dashboard-service: port 8085 is open to any pod of the namespace"),
                errors::toString);
        // Prometheus still reaches it through graduasi-services-http; without that, it would not.
        docs.remove(http);
        assertTrue(Checks.networkPolicies(docs, ServiceConfig.all(), "graduasi-dev")
                .contains("dashboard-service: port 8085 is closed to namespace monitoring"));
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
