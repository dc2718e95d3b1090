package id.graduasi.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.RoleRepresentation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.graduasi.events.contract.Topics;

/** The manifests in deploy/: valid against the schemas, and consistent with the services' configuration. */
class DeployManifestsTest {

    /** Secrets production creates itself, as deploy/README.md says. */
    static final Set<String> EXTERNAL_SECRETS = Set.of("graduasi-registry-nik-key", "graduasi-oidc-clients",
            "graduasi-payment-provider", "graduasi-registry-runtime", "graduasi-assistance-runtime",
            "graduasi-mentoring-runtime", "graduasi-graduation-runtime", "graduasi-dashboard-runtime");
    static final Set<String> ROLES = Set.of("ADMIN", "SUPERVISOR", "OFFICER", "SOCIAL_WORKER", "PARTNER", "AUDITOR");

    static List<ObjectNode> render(String overlay) {
        return Kustomize.build(Manifests.deploy().resolve("overlays").resolve(overlay));
    }

    private static void assertNoErrors(List<String> errors) {
        assertEquals(List.of(), errors, () -> String.join("\n", errors));
    }

    /** Every document of every YAML file under deploy/ (base, overlays), valid on its own. */
    @TestFactory
    Stream<DynamicTest> everyManifestFileIsSchemaValid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (Path file : Manifests.yamlFiles(Manifests.deploy())) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                continue;
            }
            for (ObjectNode doc : Manifests.read(file)) {
                tests.add(DynamicTest.dynamicTest(Manifests.deploy().relativize(file) + ": " + Manifests.id(doc),
                        () -> assertNoErrors(ManifestValidator.validate(doc))));
            }
        }
        assertTrue(tests.size() > 40, "found only " + tests.size() + " manifests");
        return tests.stream();
    }

    /** Every resource of each rendered overlay, valid after the patches. */
    @TestFactory
    Stream<DynamicTest> everyRenderedResourceIsSchemaValid() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String overlay : List.of("dev", "prod")) {
            for (ObjectNode doc : render(overlay)) {
                tests.add(DynamicTest.dynamicTest(overlay + ": " + Manifests.id(doc),
                        () -> assertNoErrors(ManifestValidator.validate(doc))));
            }
        }
        return tests.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void overlayRendersEveryKindOnceInItsNamespace(String overlay) {
        List<ObjectNode> docs = render(overlay);
        assertNoErrors(Checks.identity(docs, overlay.equals("prod") ? "graduasi" : "graduasi-dev"));
        Map<String, Long> kinds = new TreeMap<>();
        docs.forEach(d -> kinds.merge(Manifests.kind(d), 1L, Long::sum));
        assertEquals((long) ServiceConfig.SERVICES.size(), kinds.get("Deployment"), kinds::toString);
        assertEquals((long) ServiceConfig.SERVICES.size(), kinds.get("Cluster"), kinds::toString);
        assertEquals(1L, kinds.get("Kafka"), kinds::toString);
        assertEquals(2L, kinds.get("KafkaNodePool"), kinds::toString);
        assertEquals((long) ServiceConfig.deployedTopics().size(), kinds.get("KafkaTopic"), kinds::toString);
        assertEquals(1L, kinds.get("ServiceMonitor"), kinds::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void probesUseTheHealthEndpointsOnTheServicePort(String overlay) {
        assertNoErrors(Checks.probes(render(overlay), ServiceConfig.all()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyContainerHasRequestsAndLimits(String overlay) {
        assertNoErrors(Checks.resources(render(overlay)));
    }

    /** The contract's topics, and the dead-letter topic of each outside subscriber (the dashboard), no other. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void exactlyTheContractTopicsHaveKafkaTopics(String overlay) {
        assertNoErrors(Checks.topics(render(overlay), ServiceConfig.deployedTopics()));
    }

    @Test
    void servicesConsumeAndDeadLetterOnlyContractTopics() {
        List<ServiceConfig> services = ServiceConfig.platform();
        assertNoErrors(Checks.configuredTopics(services, Topics.all()));
        // Every consumer group's dead-letter topic is one the services actually use.
        Set<String> used = new TreeSet<>();
        services.forEach(s -> used.addAll(s.deadLetterTopics()));
        Set<String> groups = new TreeSet<>();
        Topics.CONSUMER_GROUPS.forEach(g -> groups.add(Topics.deadLetter(g)));
        assertEquals(groups, used);
        // An outside subscriber (the dashboard) reads only the published streams, in a group of its own: its
        // dead-letter topic is none of the contract's (which deploy/ declares for it as well).
        for (ServiceConfig s : ServiceConfig.outsideSubscribers()) {
            assertNoErrors(Checks.configuredTopics(List.of(s), ServiceConfig.deployedTopics()));
            assertTrue(Topics.STREAMS.containsAll(s.consumedTopics()), s.name() + " consumes " + s.consumedTopics());
            assertFalse(s.consumedTopics().isEmpty(), s.name() + " consumes nothing");
            assertTrue(s.deadLetterTopics().stream().noneMatch(Topics.all()::contains),
                    s.name() + " dead-letters to a platform group's topic: " + s.deadLetterTopics());
        }
    }

    @Test
    void prodReplicatesTopicsThreeTimesAndDevOnce() {
        assertNoErrors(Checks.replication(render("prod"), 3, 2));
        assertNoErrors(Checks.replication(render("dev"), 1, 1));
        for (ObjectNode t : Manifests.ofKind(render("prod"), "KafkaTopic")) {
            int expected = Topics.STREAMS.contains(Checks.topicName(t)) ? 12 : 3;
            assertEquals(expected, t.path("spec").path("partitions").asInt(), Checks.topicName(t));
        }
    }

    /** The allocation topic keeps the latest record of each key forever; every other topic deletes by age. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void compactedTopicsAreCompactedAndOthersExpire(String overlay) {
        for (ObjectNode t : Manifests.ofKind(render(overlay), "KafkaTopic")) {
            String name = Checks.topicName(t);
            JsonNode config = t.path("spec").path("config");
            boolean compacted = Topics.COMPACTED.contains(name);
            assertEquals(compacted ? "compact" : "delete", config.path("cleanup.policy").asText(), name);
            assertEquals(compacted, config.path("retention.ms").isMissingNode(), name + " retention.ms");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void eachServiceUsesItsOwnDatabaseClusterAndTheKafkaCluster(String overlay) {
        assertNoErrors(Checks.databases(render(overlay), ServiceConfig.all()));
    }

    /** The env vars of the application's own namespace are properties the service reads. */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyServiceReadsTheVariablesItIsGiven(String overlay) {
        assertNoErrors(Checks.environment(render(overlay), ServiceConfig.all()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void networkPoliciesAdmitWhatEachServiceNeedsAndNoMore(String overlay) {
        assertNoErrors(Checks.networkPolicies(render(overlay), ServiceConfig.all(),
                overlay.equals("prod") ? "graduasi" : "graduasi-dev"));
    }

    @Test
    void secretsAreShippedForDevAndDocumentedForProd() throws Exception {
        assertNoErrors(Checks.secrets(render("dev"), Set.of()));
        List<ObjectNode> prod = render("prod");
        assertEquals(List.of(), Manifests.ofKind(prod, "Secret").stream().map(Manifests::name).toList(),
                "production secrets do not belong in git");
        assertNoErrors(Checks.secrets(prod, EXTERNAL_SECRETS));
        String readme = Files.readString(Manifests.deploy().resolve("README.md"));
        for (String secret : EXTERNAL_SECRETS) {
            assertTrue(readme.contains(secret), "deploy/README.md does not tell how to create " + secret);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void everyDeploymentHasAnAutoscalerADisruptionBudgetAServiceAndIsScraped(String overlay) {
        List<ObjectNode> docs = render(overlay);
        assertNoErrors(Checks.availability(docs));
        assertNoErrors(Checks.monitoring(docs));
    }

    @Test
    void realmHasTheRolesAndAClientPerService() throws Exception {
        var mapper = Manifests.JSON.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        RealmRepresentation realm = mapper.readValue(
                Manifests.deploy().resolve("keycloak/graduasi-realm.json").toFile(), RealmRepresentation.class);
        assertEquals("graduasi", realm.getRealm());
        Set<String> roles = new TreeSet<>();
        for (RoleRepresentation r : realm.getRoles().getRealm()) {
            roles.add(r.getName());
        }
        assertEquals(new TreeSet<>(ROLES), roles);
        Map<String, ClientRepresentation> clients = new TreeMap<>();
        realm.getClients().forEach(c -> clients.put(c.getClientId(), c));
        assertTrue(clients.values().stream().anyMatch(c -> Boolean.TRUE.equals(c.isPublicClient())
                && Boolean.TRUE.equals(c.isStandardFlowEnabled())), "no public client for the app");
        for (String overlay : List.of("dev", "prod")) {
            List<ObjectNode> docs = render(overlay);
            Set<String> issuers = new TreeSet<>();
            for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
                Map<String, String> env = Checks.env(docs, Checks.container(d));
                String where = overlay + " " + Manifests.name(d);
                // Every service verifies bearer tokens with the realm's keys (platform-security), all in an overlay
                // with the same realm, so a token is verified alike wherever it goes.
                String realmUrl = env.get("MP_JWT_VERIFY_ISSUER");
                assertTrue(realmUrl != null && realmUrl.endsWith("/realms/graduasi"), where + ": MP_JWT_VERIFY_ISSUER");
                issuers.add(realmUrl);
                assertEquals(realmUrl + "/protocol/openid-connect/certs",
                        env.get("MP_JWT_VERIFY_PUBLICKEY_LOCATION"), where + " JWKS");
                assertEquals("realm_access/roles", env.get("SMALLRYE_JWT_PATH_GROUPS"), where + " roles claim");
                if (ServiceConfig.OUTSIDE_SUBSCRIBERS.contains(Manifests.name(d))) {
                    // The client checks do not apply to an outside subscriber (the dashboard): it calls no service
                    // (it reads Kafka and its own database only), so it has no Keycloak client of its own, no client
                    // secret and no QUARKUS_OIDC_* client-credential settings. It only verifies tokens: the checks
                    // above, and its audience below.
                    assertTrue(env.keySet().stream().noneMatch(k -> k.startsWith("QUARKUS_OIDC_"))
                            && Checks.secretRef(Checks.container(d), "QUARKUS_OIDC_CREDENTIALS_SECRET").isEmpty(),
                            where + ": client-credential settings for a service that makes no calls");
                    assertFalse(clients.containsKey(Manifests.name(d)), where + ": a realm client it does not use");
                    continue;
                }
                String clientId = env.get("QUARKUS_OIDC_CLIENT_ID");
                ClientRepresentation client = clients.get(clientId);
                assertTrue(client != null && !Boolean.TRUE.equals(client.isPublicClient())
                        && Boolean.TRUE.equals(client.isServiceAccountsEnabled()),
                        where + ": no confidential client-credentials client " + clientId);
                assertEquals(realmUrl, env.get("QUARKUS_OIDC_AUTH_SERVER_URL"), where + ": QUARKUS_OIDC_AUTH_SERVER_URL");
                assertTrue(Checks.secretRef(Checks.container(d), "QUARKUS_OIDC_CREDENTIALS_SECRET").isPresent(),
                        Manifests.name(d) + ": QUARKUS_OIDC_CREDENTIALS_SECRET");
            }
            assertEquals(1, issuers.size(), overlay + ": the services trust different realms " + issuers);
        }
        // Tokens carry what platform-security reads: upn, groups (the realm roles), regions and programmes
        // (user attributes, multivalued), whichever client issued them.
        for (ClientRepresentation client : clients.values()) {
            Map<String, String> claims = new TreeMap<>();
            client.getProtocolMappers().stream().filter(m -> !AUDIENCE_MAPPER.equals(m.getProtocolMapper()))
                    .forEach(m -> claims.put(m.getConfig().get("claim.name"), m.getProtocolMapper()));
            assertEquals(Map.of("upn", "oidc-usermodel-property-mapper", "groups", "oidc-usermodel-realm-role-mapper",
                    "regions", "oidc-usermodel-attribute-mapper", "programmes", "oidc-usermodel-attribute-mapper"),
                    claims, client.getClientId() + ": token claims");
        }
        // Each service accepts only tokens for its own audience (mp.jwt.verify.audiences as deployed, by default
        // the service's name): the app's tokens are for every service deployed, the dashboard too, a partner's
        // only for the registry (SPDCI).
        Set<String> services = new TreeSet<>();
        List<ObjectNode> prod = render("prod");
        for (ObjectNode d : Manifests.ofKind(prod, "Deployment")) {
            services.add(ServiceConfig.load(Manifests.name(d)).jwtAudience(Checks.env(prod, Checks.container(d))));
        }
        assertEquals(services, audiences(clients.get("graduasi-app")), "graduasi-app: audiences");
        assertEquals(Set.of("registry-service"), audiences(clients.get("partner-example")), "partner-example: audiences");
        ClientRepresentation partner = clients.get("partner-example");
        assertTrue(partner != null && Boolean.TRUE.equals(partner.isServiceAccountsEnabled()), "partner client");
        assertTrue(realm.getUsers().stream().anyMatch(u -> "partner-example".equals(u.getServiceAccountClientId())
                && u.getRealmRoles().equals(List.of("PARTNER"))
                && u.getAttributes().get("regions").equals(List.of("64.72"))
                && u.getAttributes().get("programmes").equals(List.of("PKH"))),
                "the partner's service account has role PARTNER, its regions and its programmes");
    }

    static final String AUDIENCE_MAPPER = "oidc-audience-mapper";

    /**
     * The audiences a client's access tokens carry, from its audience mappers: a client's id, else a custom
     * audience (an API without a client of its own, as the dashboard), as Keycloak's mapper reads them.
     */
    private static Set<String> audiences(ClientRepresentation client) {
        Set<String> audiences = new TreeSet<>();
        client.getProtocolMappers().stream().filter(m -> AUDIENCE_MAPPER.equals(m.getProtocolMapper()))
                .filter(m -> "true".equals(m.getConfig().get("access.token.claim")))
                .forEach(m -> audiences.add(m.getConfig().getOrDefault("included.client.audience",
                        m.getConfig().get("included.custom.audience"))));
        return audiences;
    }

    /** Dashboard panels query metrics the services expose; one that is not exposed yet says so. */
    @Test
    void dashboardQueriesExposedMetrics() throws Exception {
        JsonNode dashboard = Manifests.JSON.readTree(Manifests.deploy().resolve("grafana/graduasi-dashboard.json").toFile());
        String sources;
        try (var files = Files.walk(Manifests.root().resolve("platform-events/src/main/java"))) {
            StringBuilder sb = new StringBuilder();
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sb.append(Files.readString(p));
            }
            sources = sb.toString();
        }
        // Quarkus' own Micrometer binders (HTTP server, JVM, system, Kafka clients), on by default with
        // quarkus-micrometer-registry-prometheus; the HTTP timer's histogram buckets only with platform-events'
        // MeterFilter (HttpLatencyHistogram).
        Set<String> builtIn = new HashSet<>(Set.of("http_server_requests_seconds_count",
                "http_server_requests_seconds_sum", "jvm_memory_used_bytes", "process_cpu_usage",
                "kafka_consumer_fetch_manager_records_lag_max", "kafka_consumer_fetch_manager_records_consumed_total",
                "kafka_producer_record_send_total"));
        if (sources.contains("\"http.server.requests\"") && sources.contains("percentilesHistogram(true)")) {
            builtIn.add("http_server_requests_seconds_bucket");
        }
        Pattern metric = Pattern.compile("([a-z_:][a-z0-9_:]*)\\{");
        int panels = 0;
        Set<String> graduasiMetrics = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"timeseries".equals(panel.path("type").asText())) {
                continue;
            }
            panels++;
            boolean notExposedSaid = panel.path("description").asText().contains("NOT YET EXPOSED");
            for (JsonNode target : panel.path("targets")) {
                var m = metric.matcher(target.path("expr").asText());
                while (m.find()) {
                    String name = m.group(1);
                    boolean exposed = builtIn.contains(name) || (name.startsWith("graduasi_")
                            && sources.contains("\"" + name + "\""));
                    if (name.startsWith("graduasi_")) {
                        graduasiMetrics.add(name);
                    }
                    assertTrue(exposed || notExposedSaid, panel.path("title").asText() + ": " + name
                            + " is not exposed by the services and the panel does not say so");
                    assertFalse(exposed && notExposedSaid,
                            panel.path("title").asText() + " says NOT YET EXPOSED but " + name + " is");
                }
            }
        }
        assertTrue(panels >= 10, "only " + panels + " panels");
        assertEquals(Set.of("graduasi_outbox_backlog", "graduasi_outbox_oldest_pending_age_seconds",
                "graduasi_outbox_publish_failures_total", "graduasi_events_dead_lettered_total",
                "graduasi_events_duplicates_total", "graduasi_households_registered_total",
                "graduasi_enrollments_activated_total", "graduasi_disbursed_rupiah_total",
                "graduasi_visits_recorded_total", "graduasi_graduations_total",
                "graduasi_graduation_reversals_total"), graduasiMetrics);
    }

    /**
     * The renderer here against kubectl's Kustomize, where kubectl is installed: the same resources, field for
     * field. Without kubectl the overlays still render through {@link Kustomize}, which fails on any feature it
     * does not implement.
     */
    @ParameterizedTest
    @ValueSource(strings = { "dev", "prod" })
    void rendersAsKubectlKustomizeDoes(String overlay) throws Exception {
        boolean kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kubectl")));
        assumeTrue(kubectl, "kubectl is not installed");
        Process p = new ProcessBuilder("kubectl", "kustomize", Manifests.deploy().resolve("overlays/" + overlay).toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assumeTrue(p.exitValue() == 0, "kubectl kustomize failed");
        Path tmp = Files.createTempFile("kustomize-" + overlay, ".yaml");
        Files.writeString(tmp, new String(out, StandardCharsets.UTF_8));
        Map<String, JsonNode> expected = new TreeMap<>();
        Manifests.read(tmp).forEach(d -> expected.put(Manifests.id(d), d));
        Files.delete(tmp);
        Map<String, JsonNode> actual = new TreeMap<>();
        render(overlay).forEach(d -> actual.put(Manifests.id(d), d));
        assertEquals(expected.keySet(), actual.keySet());
        expected.forEach((id, doc) -> assertEquals(doc, actual.get(id), id));
    }
}
