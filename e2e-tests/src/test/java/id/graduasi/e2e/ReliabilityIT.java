package id.graduasi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.Topics;
import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.testing.EmbeddedKafka;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;

/**
 * Issue #17, the short variant that runs in CI: under a steady load of registrations, field verifications and
 * indicator observations, a consumer is killed with {@code kill -9} and restarted, the Kafka broker is stopped and
 * started again, and two services are killed at once. Afterwards, within a bounded time: every write the API
 * answered 2xx is in every service's view, no 5xx was answered, every outbox row was published, nothing was
 * dead-lettered, and no effect happened twice. The full run (more faults, longer, PostgreSQL stopped) is
 * {@code bench/faults/run.sh}. Then poison on every topic any service consumes: the unprocessable is
 * dead-lettered with its reason by every consumer group that reads it, an unknown type is skipped, and every group
 * goes on past it.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReliabilityIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String OFFICER = "Bearer " + TestTokens.token("officer-r", Set.of("OFFICER"), Set.of("*"));
    private static final String AUDITOR = "Bearer " + TestTokens.token("auditor-r", Set.of("AUDITOR"), Set.of("*"));

    private static Path brokerDir;
    private static int brokerPort;
    private static int controllerPort;
    private static EmbeddedKafka broker;
    private static E2ePlatform platform;

    @BeforeAll
    static void startTheBrokerAndThePlatform() throws Exception {
        // A broker of its own, on fixed ports and a kept directory, so that it can be stopped and started again.
        brokerDir = Files.createTempDirectory("graduasi-reliability-kafka-");
        brokerPort = EmbeddedKafka.freePort();
        controllerPort = EmbeddedKafka.freePort();
        broker = EmbeddedKafka.start(brokerDir, brokerPort, controllerPort);
        TestInfrastructure.createTopics(broker.bootstrapServers());
        // The dashboard too: the poison test reaches every consumer group of the platform.
        platform = new E2ePlatform("reliability", broker.bootstrapServers(), List.of(Service.values()));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        if (platform != null) {
            platform.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (brokerDir != null) {
            try (var files = Files.walk(brokerDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void killedServicesAndARestartedBrokerUnderLoadLoseNothingDuplicateNothingAndTheViewsConverge()
            throws Exception {
        Load load = new Load(platform.url(Service.REGISTRY));
        ExecutorService loaders = Executors.newFixedThreadPool(3);
        for (int t = 0; t < 3; t++) {
            loaders.submit(load::run);
        }
        List<String> faults = new ArrayList<>();
        try {
            if (FULL) {
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    fullCycle(faults, load);
                }
            } else {
                shortCycle(faults);
            }
        } finally {
            load.stop();
            loaders.shutdown();
            assertTrue(loaders.awaitTermination(2, TimeUnit.MINUTES), "the load stops");
        }
        faults.forEach(System.out::println);
        System.out.printf("load: %d households registered, %d requests answered 2xx, %d refused%n",
                load.households.size(), load.ok.get(), load.refused.size());

        System.out.printf("refused while the registry was down or the database stopped: %d%n", load.refused.size());
        // A refusal is allowed only where the fault explains it (the registry killed: no connection; the database
        // stopped: a fast 503 problem); a 500, or any refusal in the short run, is a defect.
        assertEquals(List.of(), load.refused.stream().filter(r -> !FULL || !r.expected()).map(Refusal::toString)
                .toList(), "refusals no fault explains");
        assertTrue(load.households.size() >= 20, "a load worth the name: " + load.households.size());

        Instant started = Instant.now();
        Map<UUID, String> behind = awaitConvergence(load.statuses, Duration.ofMinutes(4));
        System.out.printf("views converged %d s after the last fault%n",
                Duration.between(started, Instant.now()).toSeconds());
        assertEquals(Map.of(), behind, "households some service has not caught up with");

        for (Service service : Service.core()) {
            assertEquals(0, outboxRows(service), service + ": every committed outbox row is published");
        }
        assertEquals(Map.of(), deadLetters(), "nothing is dead-lettered by a kill or a broker restart");
        assertEquals(List.of(), duplicateEnrollments(load.households), "no household enrolled twice in a programme");
    }

    /** A record put on a consumed topic by the poison test, and what it is. */
    private record Injected(String what, String topic, String type, int partition, long offset) {
        boolean poison() {
            return !what.equals(UNKNOWN_TYPE);
        }
    }

    private static final String NOT_A_CLOUD_EVENT = "not a CloudEvent";
    private static final String NOT_JSON = "data not JSON";
    private static final String SCHEMA_VIOLATION = "data violating its schema";
    private static final String UNKNOWN_TYPE = "a type no service knows";

    @Test
    @Order(2)
    void poisonOnEveryConsumedTopicIsDeadLetteredWithItsReasonAnUnknownTypeIsSkippedAndEveryGroupGoesOn()
            throws Exception {
        Map<String, Set<String>> consumed = consumedTopics();
        System.out.println("consumer groups and their topics: " + consumed);
        Set<String> topics = new java.util.TreeSet<>();
        consumed.values().forEach(topics::addAll);
        assertEquals(Set.copyOf(Topics.all().stream().filter(t -> !t.startsWith("graduasi.dlq.")).toList()), topics,
                "every topic of the platform has a consumer");

        // On every topic: a record without CloudEvent attributes, a type no service knows (a newer version during
        // a rolling deploy), and for every type the topic carries, data that is not JSON and data that breaks its
        // schema.
        List<Injected> injected = new ArrayList<>();
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, String>(Map.of(
                "bootstrap.servers", broker.bootstrapServers(), "acks", "all",
                "key.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName(),
                "value.serializer", org.apache.kafka.common.serialization.StringSerializer.class.getName()))) {
            for (String topic : topics) {
                injected.add(inject(producer, topic, NOT_A_CLOUD_EVENT, null, "{\"householdId\": \"x\"}"));
                injected.add(inject(producer, topic, UNKNOWN_TYPE, "id.graduasi.poison.from-the-future.v9", "{}"));
                for (EventType type : EventType.values()) {
                    if (type.topic().equals(topic)) {
                        injected.add(inject(producer, topic, NOT_JSON, type.type(), "{\"householdId\": "));
                        injected.add(inject(producer, topic, SCHEMA_VIOLATION, type.type(), "{\"unexpected\": 1}"));
                    }
                }
            }
        }

        // Every group goes on past the poison on its topics, and a good event after it is applied everywhere.
        Load one = new Load(platform.url(Service.REGISTRY));
        one.once();
        assertEquals(1, one.households.size(), "a household registered after the poison: " + one.refused);
        assertEquals(Map.of(), awaitConvergence(one.statuses, Duration.ofMinutes(2)), "the views after the poison");
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> behindThePoison(consumed, injected).isEmpty());

        Map<String, List<TestKafka.Event>> dead = new HashMap<>();
        for (String group : consumed.keySet()) {
            dead.put(group, TestKafka.readAll(broker.bootstrapServers(), Topics.deadLetter(group)));
        }
        List<String> wrong = new ArrayList<>();
        for (var group : consumed.entrySet()) {
            Map<Injected, TestKafka.Event> letters = new HashMap<>();
            for (var letter : dead.get(group.getKey())) {
                Map<String, String> h = letter.headers();
                Injected source = injected.stream().filter(i -> i.topic().equals(h.get("dead-letter-topic"))
                        && String.valueOf(i.partition()).equals(h.get("dead-letter-partition"))
                        && String.valueOf(i.offset()).equals(h.get("dead-letter-offset"))).findFirst().orElse(null);
                if (source == null) {
                    wrong.add(group.getKey() + " dead-lettered a record not injected: " + h.get("dead-letter-reason"));
                } else if (h.get("dead-letter-reason") == null || h.get("dead-letter-kind") == null) {
                    wrong.add(group.getKey() + " dead-lettered " + source + " without a kind and a reason");
                } else {
                    letters.put(source, letter);
                }
            }
            for (String topic : group.getValue()) {
                List<Injected> here = injected.stream().filter(i -> i.topic().equals(topic)).toList();
                for (Injected i : here) {
                    boolean lettered = letters.containsKey(i);
                    if (i.what().equals(NOT_A_CLOUD_EVENT) && !lettered) {
                        wrong.add(group.getKey() + " did not dead-letter " + i);
                    }
                    if (i.what().equals(UNKNOWN_TYPE) && lettered) {
                        wrong.add(group.getKey() + " dead-lettered " + i + " (it should skip it)");
                    }
                    // A type the group acts on: both broken forms are poison. One it does not act on: neither is
                    // read, so neither is judged.
                    if (i.what().equals(NOT_JSON)) {
                        Injected twin = here.stream().filter(t -> t.what().equals(SCHEMA_VIOLATION)
                                && t.type().equals(i.type())).findFirst().orElseThrow();
                        if (lettered != letters.containsKey(twin)) {
                            wrong.add(group.getKey() + " judged " + i + " and " + twin + " differently");
                        }
                    }
                }
                if (here.stream().noneMatch(i -> i.what().equals(SCHEMA_VIOLATION) && letters.containsKey(i))) {
                    wrong.add(group.getKey() + " judged no event data on " + topic);
                }
            }
            System.out.printf("poison: %s dead-lettered %d of the %d records on its topics (%s)%n", group.getKey(),
                    letters.size(), injected.stream().filter(i -> group.getValue().contains(i.topic())).count(),
                    letters.values().stream().map(l -> l.headers().get("dead-letter-reason")).limit(3).toList());
        }
        assertEquals(List.of(), wrong);

        // A dead letter replayed through the admin API is judged again, and again refused: nothing applied.
        String admin = "Bearer " + TestTokens.token("admin-r", Set.of("ADMIN"), Set.of("*"));
        JsonNode listed = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(Service.ASSISTANCE)
                + "/api/v1/admin/dead-letters")).header("Authorization", admin).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String id = listed.path(0).path("letter").path("id").asText();
        HttpResponse<String> replayed = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(Service.ASSISTANCE)
                + "/api/v1/admin/dead-letters/replay")).header("Authorization", admin)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"ids\": [\"" + id + "\"]}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, replayed.statusCode(), replayed.body());
        assertEquals("UNPROCESSABLE", JSON.readTree(replayed.body()).path(0).path("outcome").asText(), replayed.body());
    }

    private static Injected inject(org.apache.kafka.clients.producer.Producer<String, String> producer, String topic,
            String what, String type, String data) throws Exception {
        var record = new org.apache.kafka.clients.producer.ProducerRecord<String, String>(topic,
                UUID.randomUUID().toString(), data);
        if (type != null) {
            CloudEventHeaders.write(record.headers(), CloudEventHeaders.SPEC_VERSION, "1.0");
            CloudEventHeaders.write(record.headers(), CloudEventHeaders.ID, UUID.randomUUID().toString());
            CloudEventHeaders.write(record.headers(), CloudEventHeaders.TYPE, type);
            CloudEventHeaders.write(record.headers(), CloudEventHeaders.SOURCE, "/graduasi/poison");
            CloudEventHeaders.write(record.headers(), CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        }
        var sent = producer.send(record).get(30, TimeUnit.SECONDS);
        return new Injected(what, topic, type == null ? "-" : type, sent.partition(), sent.offset());
    }

    /** Every consumer group of the platform and the topics its members are assigned, once all have joined. */
    private static Map<String, Set<String>> consumedTopics() throws Exception {
        List<String> groups = new ArrayList<>(Topics.CONSUMER_GROUPS);
        groups.add("dashboard-service");
        Map<String, Set<String>> consumed = new java.util.TreeMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        consumed.clear();
                        admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS).forEach((g, d) ->
                                d.members().forEach(m -> m.assignment().topicPartitions().forEach(p ->
                                        consumed.computeIfAbsent(g, k -> new java.util.TreeSet<>()).add(p.topic()))));
                        return consumed.keySet().containsAll(groups);
                    });
        }
        return consumed;
    }

    /** The injected records some group consuming their topic has not yet committed past. */
    private static List<String> behindThePoison(Map<String, Set<String>> consumed, List<Injected> injected)
            throws Exception {
        List<String> behind = new ArrayList<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            for (var group : consumed.entrySet()) {
                var committed = admin.listConsumerGroupOffsets(group.getKey()).partitionsToOffsetAndMetadata()
                        .get(30, TimeUnit.SECONDS);
                for (Injected i : injected) {
                    var at = committed.get(new TopicPartition(i.topic(), i.partition()));
                    if (group.getValue().contains(i.topic()) && (at == null || at.offset() <= i.offset())) {
                        behind.add(group.getKey() + " " + i);
                    }
                }
            }
        }
        return behind;
    }

    /** {@code -Dgraduasi.reliability.full=true}: every service killed in turn, two at once, the broker and PostgreSQL. */
    private static final boolean FULL = Boolean.getBoolean("graduasi.reliability.full");
    private static final int CYCLES = Integer.getInteger("graduasi.reliability.cycles", 1);

    /** CI: one consumer killed, the broker restarted, two services killed at once. */
    private static void shortCycle(List<String> faults) throws Exception {
        pause(4);
        fault(faults, "kill -9 assistance", () -> platform.kill(Service.ASSISTANCE));
        pause(4);
        fault(faults, "restart assistance", () -> platform.restart(Service.ASSISTANCE));
        restartBroker(faults, 10);
        pause(4);
        fault(faults, "kill -9 mentoring and graduation", () -> {
            platform.kill(Service.MENTORING);
            platform.kill(Service.GRADUATION);
        });
        pause(3);
        fault(faults, "restart mentoring and graduation", () -> {
            platform.restart(Service.MENTORING);
            platform.restart(Service.GRADUATION);
        });
        pause(4);
    }

    /** The full run: each service killed in turn, two at once, the broker restarted, PostgreSQL stopped. */
    private static void fullCycle(List<String> faults, Load load) throws Exception {
        for (Service service : Service.core()) {
            pause(5);
            load.registryDown.set(service == Service.REGISTRY);
            fault(faults, "kill -9 " + service.module, () -> platform.kill(service));
            pause(3);
            fault(faults, "restart " + service.module, () -> platform.restart(service));
            load.registryDown.set(false);
        }
        pause(5);
        fault(faults, "kill -9 assistance and mentoring", () -> {
            platform.kill(Service.ASSISTANCE);
            platform.kill(Service.MENTORING);
        });
        pause(3);
        fault(faults, "restart assistance and mentoring", () -> {
            platform.restart(Service.ASSISTANCE);
            platform.restart(Service.MENTORING);
        });
        restartBroker(faults, 15);
        pause(5);
        stopDatabase(faults, load, 30);
        pause(5);
    }

    private static void restartBroker(List<String> faults, int downSeconds) throws Exception {
        fault(faults, "stop the Kafka broker", () -> broker.close());
        pause(downSeconds); // writes go on: the services keep them in their outboxes
        fault(faults, "start the Kafka broker after " + downSeconds + " s",
                () -> broker = EmbeddedKafka.start(brokerDir, brokerPort, controllerPort));
    }

    /**
     * {@code pg_ctlcluster … stop -m immediate} (every connection cut, no checkpoint), then start. While it is down
     * every service must say so: readiness DOWN and requests answered quickly with a 503 problem.
     */
    private static void stopDatabase(List<String> faults, Load load, int downSeconds) throws Exception {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).max(java.util.Comparator
                    .comparingInt(Integer::parseInt)).orElseThrow();
        }
        load.databaseDown.set(true);
        fault(faults, "stop PostgreSQL -m immediate", () -> pgctl(version, "stop", "-m", "immediate"));
        try {
            pause(3);
            for (Service service : Service.core()) {
                long start = System.nanoTime();
                HttpResponse<String> ready = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(service)
                        + "/q/health/ready")).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofString());
                long readyMs = (System.nanoTime() - start) / 1_000_000;
                start = System.nanoTime();
                HttpResponse<String> read = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(service)
                        + "/api/v1/audit?limit=1")).timeout(Duration.ofSeconds(30)).header("Authorization", AUDITOR)
                        .build(), HttpResponse.BodyHandlers.ofString());
                long readMs = (System.nanoTime() - start) / 1_000_000;
                String what = String.format("database down: %s readiness %d in %d ms, a read %d %s in %d ms",
                        service.module, ready.statusCode(), readyMs, read.statusCode(),
                        read.headers().firstValue("Content-Type").orElse("-"), readMs);
                faults.add(what);
                assertEquals(503, ready.statusCode(), what);
                assertEquals(503, read.statusCode(), what);
                assertTrue(read.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                        what);
            }
            pause(Math.max(0, downSeconds - 3));
        } finally {
            fault(faults, "start PostgreSQL after " + downSeconds + " s", () -> pgctl(version, "start"));
            // Requests answered while it comes back may still be refused; the load counts them as expected.
            pause(5);
            load.databaseDown.set(false);
        }
    }

    private static void pgctl(String version, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version,
                System.getProperty("graduasi.reliability.pg-cluster", "main")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    /** A request the API did not answer 2xx, and whether the fault at that moment explains it. */
    private record Refusal(String request, String outcome, boolean expected) {
        @Override
        public String toString() {
            return request + " → " + outcome;
        }
    }

    private static final String UNCERTAIN = "?";

    /** Registrations, then each household's field verification and an indicator observation, until stopped. */
    private static final class Load {
        final String registry;
        final Set<UUID> households = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Refusal> refused = new ConcurrentLinkedQueue<>();
        /**
         * The last status the registry accepted for each household, what every view must show at the end; or
         * {@link #UNCERTAIN} where a fault cut the answer, and the registry's status is what the others must show.
         */
        final Map<UUID, String> statuses = new ConcurrentHashMap<>();
        final AtomicBoolean registryDown = new AtomicBoolean();
        final AtomicBoolean databaseDown = new AtomicBoolean();
        final AtomicInteger ok = new AtomicInteger();
        /** Shared by every load of the run, so that no two of its households have the same people. */
        static final AtomicInteger SEQUENCE = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);

        Load(String registry) {
            this.registry = registry;
        }

        void stop() {
            running.set(false);
        }

        void run() {
            while (running.get()) {
                once();
            }
        }

        /** One household registered, verified in the field and observed. */
        void once() {
            int n = SEQUENCE.incrementAndGet();
            // NIKs end in a 4-digit serial: 4,999 households before one repeats (a duplicate-person flag).
            String head = String.format("647201550390%04d", 2 * (n % 4999) + 1);
            String child = String.format("647201120415%04d", 2 * (n % 4999) + 2);
            String kk = "6472" + String.format("%012d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(),
                    1_000_000_000_000L));
            JsonNode created = send("POST", "/api/v1/households", """
                    {"kkNumber": "%s", "villageCode": "64.72.01.1001", "welfareCategory": "MISKIN",
                     "dtsenDecile": 2, "registrationSource": "OFFICER",
                     "members": [{"nik": "%s", "name": "Ibu %d", "sex": "F", "birthDate": "1990-03-15",
                                  "relationship": "HEAD"},
                                 {"nik": "%s", "name": "Anak %d", "sex": "M", "birthDate": "2015-04-12",
                                  "relationship": "CHILD", "educationLevel": "SD", "schoolEnrolled": true}]}
                    """.formatted(kk, head, n, child, n));
            if (created == null) {
                backOff();
                return;
            }
            UUID id = UUID.fromString(created.path("id").asText());
            households.add(id);
            statuses.put(id, "REGISTERED");
            for (String status : List.of("VERIFIED", "ACTIVE")) {
                if (send("POST", "/api/v1/households/" + id + "/status",
                        "{\"status\": \"" + status + "\", \"reason\": \"FIELD_VERIFICATION\"}") == null) {
                    // Refused, or committed with the answer lost to the fault: the registry's word decides.
                    statuses.put(id, UNCERTAIN);
                    backOff();
                    break;
                }
                statuses.put(id, status);
            }
            send("POST", "/api/v1/households/" + id + "/indicators", """
                    {"observedOn": "2026-11-01", "incomePerCapitaMonth": 450000, "expenditurePerCapitaMonth": 400000,
                     "incomeSources": 1, "savings": 0, "businessActive": false, "mealsPerDay": 2,
                     "floorAreaPerPerson": 6.5, "floorMaterial": "EARTH", "wallMaterial": "BAMBOO",
                     "wallCondition": "DAMAGED", "roofCondition": "DAMAGED", "drinkingWater": "UNPROTECTED_WELL",
                     "sanitation": "SHARED_TOILET", "electricity": "NON_PLN"}
                    """);
        }

        /** A client that was refused waits a moment, as a partner's would, rather than spin. */
        private static void backOff() {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The answer's body when 2xx; otherwise the refusal is recorded. */
        private JsonNode send(String method, String path, String body) {
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(registry + path))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", OFFICER)
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() / 100 == 2) {
                    ok.incrementAndGet();
                    return JSON.readTree(response.body());
                }
                boolean problem = response.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json");
                refused.add(new Refusal(method + " " + path, response.statusCode() + " " + response.body(),
                        databaseDown.get() && response.statusCode() == 503 && problem));
            } catch (Exception e) {
                refused.add(new Refusal(method + " " + path, e.toString(), registryDown.get()));
            }
            return null;
        }
    }

    /**
     * Asks every service about every household until each view has the status the registry last accepted for it
     * (registry, assistance's projection, graduation's readiness) and mentoring has opened its case; what is still
     * behind at the deadline.
     */
    private static Map<UUID, String> awaitConvergence(Map<UUID, String> statuses, Duration timeout) {
        Map<UUID, String> behind = new HashMap<>(Map.of(new UUID(0, 0), "not asked yet"));
        Set<UUID> pending = new HashSet<>(statuses.keySet());
        try {
            org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofSeconds(2)).until(() -> {
                behind.clear();
                for (UUID id : pending) {
                    lagging(id, statuses.get(id)).ifPresent(view -> behind.put(id, view));
                }
                pending.retainAll(behind.keySet());
                return behind.isEmpty();
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // what is still behind is the answer
        }
        return behind;
    }

    /** The household's views, when one of them differs from what the registry accepted. */
    private static java.util.Optional<String> lagging(UUID id, String accepted) throws Exception {
        String registry = get(Service.REGISTRY, "/api/v1/households/" + id).path("status").asText();
        String assistance = get(Service.ASSISTANCE, "/api/v1/households/" + id).path("status").asText();
        String mentoring = get(Service.MENTORING, "/api/v1/households/" + id + "/case").path("status").asText();
        String graduation = get(Service.GRADUATION, "/api/v1/households/" + id + "/readiness")
                .path("registryStatus").asText();
        String expected = UNCERTAIN.equals(accepted) ? registry : accepted;
        boolean agree = expected.equals(registry) && expected.equals(assistance) && "OPEN".equals(mentoring)
                && expected.equals(graduation);
        return agree ? java.util.Optional.empty() : java.util.Optional.of("registry " + registry + ", assistance "
                + assistance + ", mentoring case " + mentoring + ", graduation " + graduation);
    }

    private static JsonNode get(Service service, String path) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(platform.url(service) + path))
                .timeout(Duration.ofSeconds(30)).header("Authorization", AUDITOR).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
    }

    private static long outboxRows(Service service) throws Exception {
        var db = platform.database(service);
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.ownerUser(), db.ownerPassword());
                var rows = connection.createStatement().executeQuery("select count(*) from outbox_event")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** Records on every dead-letter topic, by topic. */
    private static Map<String, Long> deadLetters() throws Exception {
        Map<String, Long> found = new HashMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            List<String> dlqs = Topics.all().stream().filter(t -> t.startsWith("graduasi.dlq.")).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(dlqs).allTopicNames().get(30, TimeUnit.SECONDS).forEach((topic, description) ->
                    description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                            OffsetSpec.latest())));
            admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).forEach((partition, offset) -> {
                if (offset.offset() > 0) {
                    found.merge(partition.topic(), offset.offset(), Long::sum);
                }
            });
        }
        return found;
    }

    private static List<String> duplicateEnrollments(Set<UUID> households) throws Exception {
        List<String> duplicates = new ArrayList<>();
        for (UUID id : households) {
            JsonNode enrollments = get(Service.ASSISTANCE, "/api/v1/enrollments?householdId=" + id);
            Set<String> programmes = new HashSet<>();
            for (JsonNode e : enrollments) {
                if (!programmes.add(e.path("programme").asText())) {
                    duplicates.add(id + " " + e.path("programme").asText());
                }
            }
        }
        return duplicates;
    }

    private interface Fault {
        void inject() throws Exception;
    }

    private static void fault(List<String> log, String what, Fault fault) throws Exception {
        long start = System.nanoTime();
        fault.inject();
        log.add(String.format("fault: %s (%d ms)", what, (System.nanoTime() - start) / 1_000_000));
    }

    private static void pause(int seconds) throws InterruptedException {
        Thread.sleep(seconds * 1000L);
    }
}
