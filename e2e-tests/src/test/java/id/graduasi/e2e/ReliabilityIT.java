package id.graduasi.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.Topics;
import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.local.demo.DemoData;
import id.graduasi.local.demo.DemoScenario;
import id.graduasi.testing.EmbeddedKafka;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;

/**
 * Issue #17, the short variant that runs in CI: under a steady mixed load (registrations, field verifications,
 * indicator observations; households taken the whole way through visits, assessments, evaluations, proposals,
 * decisions and reversals; a PKH tranche created, approved and dispatched), assistance is killed with
 * {@code kill -9} while it pays and restarted, the Kafka broker is stopped and started again, and two services are
 * killed at once. Afterwards, within a bounded time: every write the API answered 2xx is in every service's view,
 * no refusal but those the fault of the moment explains, every outbox row was published, nothing was
 * dead-lettered, and no effect happened twice (no entitlement paid twice, no double visit, assessment or
 * decision). The full run (every service killed in turn, several cycles, PostgreSQL stopped) is
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
        int[] ports = EmbeddedKafka.freePorts(2);
        brokerPort = ports[0];
        controllerPort = ports[1];
        broker = EmbeddedKafka.start(brokerDir, brokerPort, controllerPort);
        TestInfrastructure.createTopics(broker.bootstrapServers());
        // The dashboard too: the poison test reaches every consumer group of the platform.
        // Payments whose confirmation a kill cut off are asked about at the bank after 20 s, not the default 30 min.
        platform = new E2ePlatform("reliability", broker.bootstrapServers(), List.of(Service.values()), Map.of(
                "GRADUASI_ASSISTANCE_PAYMENT_CONFIRMATION_TIMEOUT", "PT20S",
                "GRADUASI_ASSISTANCE_PAYMENT_SWEEP_INTERVAL", "5s"));
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
        Load load = new Load();
        load.registerTheSocialWorker();
        ExecutorService loaders = Executors.newFixedThreadPool(5);
        for (int t = 0; t < 3; t++) {
            loaders.submit(load::run);
        }
        for (int t = 0; t < 2; t++) {
            loaders.submit(load::runProgramme);
        }
        List<String> faults = new ArrayList<>();
        try {
            if (FULL) {
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    fullCycle(faults, load, cycle + 1);
                }
            } else {
                shortCycle(faults, load);
            }
        } finally {
            // Households on their way are taken to the end of it.
            load.stop();
            loaders.shutdown();
            assertTrue(loaders.awaitTermination(6, TimeUnit.MINUTES), "the load stops");
        }
        faults.forEach(System.out::println);
        System.out.printf("load: %d households registered, %d requests answered 2xx, %d refused (%d explained by"
                + " the fault of the moment)%n", load.households.size(), load.ok.get(), load.refused.size(),
                load.refused.stream().filter(Refusal::expected).count());
        System.out.printf("the whole way: %d visited, %d assessed, %d graduated, %d of them reversed, %d not"
                + " graduated; PKH cycles dispatched: %d%n", load.visited.size(), load.assessed.size(),
                load.graduated.size(), load.reversed.size(), load.notGraduated.size(), load.cycles.size());

        // A refusal is allowed only where the fault explains it (the service killed: no connection; the database
        // stopped: a fast 503 problem); a 500, or a refusal while nothing was down, is a defect.
        assertEquals(List.of(), load.refused.stream().filter(r -> !r.expected()).map(Refusal::toString).toList(),
                "refusals no fault explains");
        assertEquals(List.of(), List.copyOf(load.failures), "steps a client retried through the faults in vain");
        assertTrue(load.households.size() >= 20, "a load worth the name: " + load.households.size());
        assertTrue(!load.graduated.isEmpty() && !load.reversed.isEmpty(), "households graduated and reversed");

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
        assertExactlyOnce(load);
    }

    /**
     * Every effect the API answered 2xx is there once, though the client sent some of its commands twice or more:
     * one visit, one assessment and one decision per household, each reversal once; every entitlement of the
     * dispatched cycles settled, and none paid twice (one entitlement per household and cycle, one payment
     * reference per entitlement at the bank, no money marked paid that the bank did not get).
     */
    private static void assertExactlyOnce(Load load) throws Exception {
        assertEquals(List.of(), rows(Service.MENTORING, "select household_id || ' ' || count(*) from visit"
                + " group by household_id having count(*) > 1"), "households visited twice");
        assertEquals(List.of(Long.toString(load.visited.size())), rows(Service.MENTORING,
                "select count(*) from visit"), "every visit answered 2xx is recorded");
        assertEquals(List.of(), rows(Service.MENTORING, "select household_id || ' ' || count(*) from assessment"
                + " group by household_id having count(*) > 1"), "households assessed twice");
        assertEquals(List.of(Long.toString(load.assessed.size())), rows(Service.MENTORING,
                "select count(*) from assessment"), "every assessment answered 2xx is recorded");
        assertEquals(List.of(), rows(Service.GRADUATION, "select household_id || ' ' || count(*) from"
                + " graduation_decision group by household_id having count(*) > 1"), "households decided twice");
        assertEquals(List.of(load.graduated.size() + " " + load.reversed.size()), rows(Service.GRADUATION,
                "select count(*) || ' ' || count(reverted_at) from graduation_decision"),
                "every decision and reversal answered 2xx is recorded, once");

        assertTrue(!load.cycles.isEmpty(), "a PKH cycle was dispatched");
        String cycles = load.cycles.stream().map(c -> "'" + c + "'").collect(java.util.stream.Collectors.joining(","));
        List<String> unsettled = new ArrayList<>();
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> {
                        unsettled.clear();
                        unsettled.addAll(rows(Service.ASSISTANCE, "select status || ' ' || count(*) from entitlement"
                                + " where cycle_id in (" + cycles + ") and status not in ('PAID', 'CANCELLED')"
                                + " group by status"));
                        return unsettled.isEmpty();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // what is still unsettled is the answer
        }
        assertEquals(List.of(), unsettled, "entitlements of the dispatched cycles not settled");
        System.out.println("entitlements of the dispatched cycles: " + rows(Service.ASSISTANCE, "select status || ' '"
                + " || count(*) from entitlement where cycle_id in (" + cycles + ") group by status"));
        assertEquals(List.of(), rows(Service.ASSISTANCE, "select household_id || ' ' || cycle_id from entitlement"
                + " group by household_id, cycle_id having count(*) > 1"), "households entitled twice in a cycle");
        Map<String, Set<String>> references = new HashMap<>();
        for (String reference : platform.provider().received()) {
            references.computeIfAbsent(reference.substring(0, reference.indexOf(':')), e -> new HashSet<>())
                    .add(reference);
        }
        assertEquals(Map.of(), references.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)),
                "entitlements the bank was asked to pay under two references");
        List<String> paid = rows(Service.ASSISTANCE, "select id || ':' || attempt from entitlement where status ="
                + " 'PAID' and cycle_id in (" + cycles + ")");
        assertTrue(!paid.isEmpty(), "entitlements paid");
        Set<String> received = Set.copyOf(platform.provider().received());
        assertEquals(List.of(), paid.stream().filter(p -> !received.contains(p)).toList(),
                "entitlements marked PAID that the bank never received");
        assertEquals(List.of("0"), rows(Service.ASSISTANCE, "select count(*) from reconciliation_exception"),
                "payments the bank and assistance disagree on");
    }

    /** The first column of every row the query gives, in the service's database. */
    private static List<String> rows(Service service, String sql) throws Exception {
        var db = platform.database(service);
        List<String> found = new ArrayList<>();
        try (var connection = DriverManager.getConnection(db.jdbcUrl(), db.ownerUser(), db.ownerPassword());
                var rows = connection.createStatement().executeQuery(sql)) {
            while (rows.next()) {
                found.add(rows.getString(1));
            }
        }
        return found;
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
        Load one = new Load();
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

    /**
     * CI: a PKH tranche dispatched and assistance killed while it pays, the broker restarted, two services killed
     * at once.
     */
    private static void shortCycle(List<String> faults, Load load) throws Exception {
        pause(4);
        pkhCycle(faults, load, 1);
        kill(faults, Service.ASSISTANCE);
        pause(4);
        restart(faults, Service.ASSISTANCE);
        restartBroker(faults, 10);
        pause(4);
        kill(faults, Service.MENTORING, Service.GRADUATION);
        pause(3);
        restart(faults, Service.MENTORING, Service.GRADUATION);
        pause(4);
    }

    /**
     * The full run: each service killed in turn (assistance while a PKH tranche pays), two at once, the broker
     * restarted, PostgreSQL stopped.
     */
    private static void fullCycle(List<String> faults, Load load, int tranche) throws Exception {
        for (Service service : Service.core()) {
            pause(5);
            if (service == Service.ASSISTANCE) {
                pkhCycle(faults, load, tranche);
            }
            kill(faults, service);
            pause(3);
            restart(faults, service);
        }
        pause(5);
        kill(faults, Service.ASSISTANCE, Service.MENTORING);
        pause(3);
        restart(faults, Service.ASSISTANCE, Service.MENTORING);
        restartBroker(faults, 15);
        pause(5);
        stopDatabase(faults, 30);
        pause(5);
    }

    /** {@code kill -9} of the services, marked down first so that the refusals it causes are explained. */
    private static void kill(List<String> faults, Service... services) throws Exception {
        down(services);
        fault(faults, "kill -9 " + names(services), () -> {
            for (Service service : services) {
                platform.kill(service);
            }
        });
    }

    private static void restart(List<String> faults, Service... services) throws Exception {
        fault(faults, "restart " + names(services), () -> {
            for (Service service : services) {
                platform.restart(service);
            }
        });
        up(services);
    }

    private static String names(Service... services) {
        return java.util.Arrays.stream(services).map(s -> s.module).collect(java.util.stream.Collectors.joining(
                " and "));
    }

    /** A PKH tranche created, approved and dispatched once the load has families enrolled. */
    private static void pkhCycle(List<String> faults, Load load, int tranche) throws Exception {
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
                .until(() -> Long.parseLong(rows(Service.ASSISTANCE, "select count(*) from enrollment"
                        + " where programme = 'PKH' and status = 'ACTIVE'").get(0)) >= 10);
        long start = System.nanoTime();
        long entitlements = load.pkhCycle(tranche);
        faults.add(String.format("PKH tranche %d created, approved and dispatched: %d entitlements (%d ms)", tranche,
                entitlements, (System.nanoTime() - start) / 1_000_000));
        // The kill that follows lands while payments are out: claimed and sent, their confirmations not yet back
        // (the simulated bank confirms after 500 ms), so they can only be settled by asking the bank later.
        String[] sent = {"0"};
        try {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20))
                    .until(() -> !"0".equals(sent[0] = rows(Service.ASSISTANCE,
                            "select count(*) from entitlement where status = 'SENT'").get(0)));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // the round settled before it was seen out: the kill still lands, the log says so
        }
        faults.add("payments out, not yet confirmed: " + sent[0]);
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
    private static void stopDatabase(List<String> faults, int downSeconds) throws Exception {
        String version;
        try (var versions = Files.list(Path.of("/etc/postgresql"))) {
            version = versions.map(p -> p.getFileName().toString()).max(java.util.Comparator
                    .comparingInt(Integer::parseInt)).orElseThrow();
        }
        DATABASE_OUTAGES.incrementAndGet();
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
            DATABASE_OUTAGES.incrementAndGet();
        }
    }

    private static void pgctl(String version, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("pg_ctlcluster", "--skip-systemctl-redirect", version,
                System.getProperty("graduasi.reliability.pg-cluster", "main")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).inheritIO().start();
        assertEquals(0, process.waitFor(), String.join(" ", command));
    }

    /** A request the API did not answer as hoped, and whether the fault at that moment explains it. */
    private record Refusal(String request, String outcome, boolean expected) {
        @Override
        public String toString() {
            return request + " → " + outcome;
        }
    }

    /**
     * How often each service (and PostgreSQL) went down or came back: odd while it is down. A refusal is explained
     * when its service was down when the request left or when it failed, or went down or came back meanwhile.
     */
    private static final Map<Service, AtomicInteger> OUTAGES = new java.util.EnumMap<>(Service.class);
    private static final AtomicInteger DATABASE_OUTAGES = new AtomicInteger();

    static {
        for (Service service : Service.values()) {
            OUTAGES.put(service, new AtomicInteger());
        }
    }

    private static boolean disturbed(AtomicInteger outages, int before) {
        return before % 2 == 1 || outages.get() != before;
    }

    private static void down(Service... services) {
        for (Service service : services) {
            OUTAGES.get(service).incrementAndGet();
        }
    }

    private static void up(Service... services) {
        down(services);
    }

    private static final String UNCERTAIN = "?";
    private static final String DISTRICT = "64.72.01";
    private static final String WORKER_NAME = "rel-worker-647201";
    private static final String SUPERVISOR = "Bearer " + TestTokens.token("supervisor-r", Set.of("SUPERVISOR"),
            Set.of("*"));
    /** Reversals need a second supervisor: the one who decided may not undo it alone (four eyes). */
    private static final String SUPERVISOR_2 = "Bearer " + TestTokens.token("supervisor-r2", Set.of("SUPERVISOR"),
            Set.of("*"));
    private static final String WORKER = "Bearer " + TestTokens.token(WORKER_NAME, Set.of("SOCIAL_WORKER"),
            Set.of(DISTRICT));
    /** How long a client goes on retrying one step, or waiting for an event to reach the service that acts on it. */
    private static final Duration PERSEVERANCE = Duration.ofMinutes(4);

    /** An answer: its status and its body (an empty object when it had none). */
    private record Answer(int status, JsonNode body) {
    }

    /** A step a client retried for {@link #PERSEVERANCE} without the answer it needed. */
    private static final class GaveUp extends RuntimeException {
        GaveUp(String message) {
            super(message);
        }
    }

    /**
     * The load, as partners and field staff would make it: registrations, each household's field verification and
     * an indicator observation; and households taken the whole way (seven months of indicators, a visit and an
     * assessment by their pendamping, an evaluation, a proposal and a four-eyes decision; half of those reversed
     * as a relapse); PKH tranches created, approved and dispatched on the way. A household's step that a fault
     * refused is sent again as a client would, with the same {@code Idempotency-Key} or visit id, until it is
     * answered: what the services must then show is exactly one effect.
     */
    private static final class Load {
        final Set<UUID> households = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<Refusal> refused = new ConcurrentLinkedQueue<>();
        /**
         * The last status the registry accepted for each household, what every view must show at the end; or
         * {@link #UNCERTAIN} where a fault cut the answer, and the registry's status is what the others must show.
         */
        final Map<UUID, String> statuses = new ConcurrentHashMap<>();
        final AtomicInteger ok = new AtomicInteger();
        /** Households taken the whole way, by what was done to them. */
        final Set<UUID> visited = ConcurrentHashMap.newKeySet();
        final Set<UUID> assessed = ConcurrentHashMap.newKeySet();
        final Set<UUID> graduated = ConcurrentHashMap.newKeySet();
        final Set<UUID> reversed = ConcurrentHashMap.newKeySet();
        final Set<UUID> notGraduated = ConcurrentHashMap.newKeySet();
        /** PKH cycles dispatched, by id. */
        final Set<String> cycles = ConcurrentHashMap.newKeySet();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        /** Shared by every load of the run, so that no two of its households have the same people. */
        static final AtomicInteger SEQUENCE = new AtomicInteger();
        final AtomicBoolean running = new AtomicBoolean(true);

        void stop() {
            running.set(false);
        }

        void run() {
            while (running.get()) {
                once();
            }
        }

        void runProgramme() {
            while (running.get()) {
                try {
                    wholeWay();
                } catch (GaveUp e) {
                    failures.add(e.getMessage());
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        /** The pendamping of the district every household of the load lives in. */
        void registerTheSocialWorker() {
            Answer worker = call(Service.MENTORING, "POST", "/api/v1/social-workers", SUPERVISOR, Map.of("username",
                    WORKER_NAME, "capacity", 10_000, "areas", List.of(DISTRICT)), null);
            assertEquals(201, worker == null ? 0 : worker.status(), "the social worker is registered: " + refused);
        }

        /** One household registered, verified in the field and observed. */
        void once() {
            int n = SEQUENCE.incrementAndGet();
            UUID id = register(n, "647201550390", "1990-03-15", "647201120415", "2015-04-12");
            if (id == null) {
                backOff();
                return;
            }
            for (String status : List.of("VERIFIED", "ACTIVE")) {
                if (call(Service.REGISTRY, "POST", "/api/v1/households/" + id + "/status", OFFICER,
                        Map.of("status", status, "reason", "FIELD_VERIFICATION"), null, 200) == null) {
                    // Refused, or committed with the answer lost to the fault: the registry's word decides.
                    statuses.put(id, UNCERTAIN);
                    backOff();
                    return;
                }
                statuses.put(id, status);
            }
            call(Service.REGISTRY, "POST", "/api/v1/households/" + id + "/indicators", OFFICER,
                    DemoScenario.observation(LocalDate.of(2026, 11, 1), 400_000, 1, 0, false, 2, false), null, 201);
        }

        /**
         * A household registered (a mother and her child, each born on the date their NIK prefix states; the
         * serials end in a 4-digit number, 4,999 households before one repeats), or null when it was refused.
         */
        private UUID register(int n, String headPrefix, String headBorn, String childPrefix, String childBorn) {
            String kk = "6472" + String.format("%012d", Math.floorMod(UUID.randomUUID().getMostSignificantBits(),
                    1_000_000_000_000L));
            Answer created = call(Service.REGISTRY, "POST", "/api/v1/households", OFFICER, """
                    {"kkNumber": "%s", "villageCode": "64.72.01.1001", "welfareCategory": "MISKIN",
                     "dtsenDecile": 2, "registrationSource": "OFFICER",
                     "members": [{"nik": "%s", "name": "Ibu %d", "sex": "F", "birthDate": "%s",
                                  "relationship": "HEAD"},
                                 {"nik": "%s", "name": "Anak %d", "sex": "M", "birthDate": "%s",
                                  "relationship": "CHILD", "educationLevel": "SD", "schoolEnrolled": true}]}
                    """.formatted(kk, String.format("%s%04d", headPrefix, 2 * (n % 4999) + 1), n,
                    headBorn, String.format("%s%04d", childPrefix, 2 * (n % 4999) + 2), n, childBorn), null, 201);
            if (created == null) {
                return null;
            }
            UUID id = UUID.fromString(created.body().path("id").asText());
            households.add(id);
            statuses.put(id, "REGISTERED");
            return id;
        }

        /** One household the whole way, each step retried through the faults until the service answers. */
        private void wholeWay() {
            int n = SEQUENCE.incrementAndGet();
            UUID id = register(n, "647201550391", "1991-03-15", "647201120416", "2016-04-12");
            if (id == null) {
                backOff();
                return;
            }
            for (String status : List.of("VERIFIED", "ACTIVE")) {
                Answer moved = until(Service.REGISTRY, "POST", "/api/v1/households/" + id + "/status", OFFICER,
                        Map.of("status", status, "reason", "FIELD_VERIFICATION"), null, 200, 409);
                // 409 after a refusal: the first attempt committed and its answer was lost. The registry decides.
                if (moved.status() == 409 && !status.equals(until(Service.REGISTRY, "GET", "/api/v1/households/"
                        + id, OFFICER, null, null, 200).body().path("status").asText())) {
                    throw new GaveUp(id + " cannot become " + status + ": " + moved.body());
                }
                statuses.put(id, status);
            }
            LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
            for (int m = 0; m < DemoData.MONTHS; m++) {
                until(Service.REGISTRY, "POST", "/api/v1/households/" + id + "/indicators", OFFICER,
                        DemoScenario.observation(today.minusMonths(DemoData.MONTHS - 1 - m), 1_400_000 + m * 20_000L,
                                2, 500_000, true, 3, true), null, 201);
            }

            // Its pendamping visits and assesses it, once mentoring has opened the case and assigned it.
            await("a pendamping for " + id, () -> {
                Answer kase = call(Service.MENTORING, "GET", "/api/v1/households/" + id + "/case", SUPERVISOR, null,
                        null, 200, 404);
                return kase != null && !kase.body().path("workerId").asText("").isEmpty();
            });
            UUID visit = UUID.nameUUIDFromBytes(("reliability-visit-" + id).getBytes(StandardCharsets.UTF_8));
            JsonNode item = until(Service.MENTORING, "POST", "/api/v1/visits/batch", WORKER, Map.of("visits",
                    List.of(Map.of("id", visit.toString(), "householdId", id.toString(), "visitedOn",
                            today.toString(), "checklist", Map.of("aidUsedAsIntended", true, "businessRunning", true,
                                    "incomeReported", true, "savingsKept", true, "childrenAttendingSchool", true,
                                    "healthChecksDone", true)))), null, 200).body().path("results").path(0);
            // 200: a resend of a visit recorded before (its answer was lost to a fault).
            if (item.path("status").asInt() != 201 && item.path("status").asInt() != 200) {
                throw new GaveUp("the visit to " + id + " was refused: " + item);
            }
            visited.add(id);
            List<Map<String, Object>> scores = new ArrayList<>();
            for (AssessmentCriterion criterion : AssessmentCriterion.values()) {
                scores.add(Map.of("criterion", criterion.name(), "score", 85, "evidence", "home visit"));
            }
            until(Service.MENTORING, "POST", "/api/v1/households/" + id + "/assessments", WORKER, Map.of(
                    "assessedOn", today.toString(), "scores", scores), "reliability-assess-" + id, 201);
            assessed.add(id);

            // Graduation, once it has heard every fact: evaluated, proposed, decided by a supervisor.
            await("graduation to hear every fact of " + id, () -> {
                Answer view = call(Service.GRADUATION, "GET", "/api/v1/households/" + id + "/readiness", OFFICER,
                        null, null, 200, 404);
                return view != null && view.body().path("facts").path("observations").size() >= DemoData.MONTHS
                        && view.body().path("facts").path("latestAssessment").isObject()
                        && "ACTIVE".equals(view.body().path("registryStatus").asText());
            });
            until(Service.GRADUATION, "POST", "/api/v1/households/" + id + "/evaluations", OFFICER, null, null, 201);
            JsonNode view = until(Service.GRADUATION, "GET", "/api/v1/households/" + id + "/readiness", OFFICER,
                    null, null, 200).body();
            String pathway = view.path("metPathway").asText("");
            if (pathway.isEmpty() || "null".equals(pathway)) {
                notGraduated.add(id);
                return;
            }
            String reason = "GRADUASI_ALAMIAH".equals(pathway) ? "KOMPONEN_HABIS" : "EKONOMI_MEMBAIK";
            String proposal = until(Service.GRADUATION, "POST", "/api/v1/proposals", OFFICER, Map.of("householdId",
                    id.toString(), "pathway", pathway, "evaluationId", view.path("lastEvaluationId").asText(),
                    "reasonCode", reason), "reliability-propose-" + id, 201).body().path("id").asText();
            Answer decided = until(Service.GRADUATION, "POST", "/api/v1/proposals/" + proposal + "/decision",
                    SUPERVISOR, Map.of("outcome", "GRADUATED", "reasons", List.of(reason)),
                    "reliability-decide-" + proposal, 200, 409);
            if (decided.status() == 409) {
                // The fresh evaluation at decision time no longer meets the pathway: the household stays.
                notGraduated.add(id);
                return;
            }
            statuses.put(id, "GRADUATED");
            graduated.add(id);
            if (n % 2 == 0) {
                String decision = until(Service.GRADUATION, "GET", "/api/v1/households/" + id + "/decisions",
                        SUPERVISOR, null, null, 200).body().path(0).path("id").asText();
                until(Service.GRADUATION, "POST", "/api/v1/decisions/" + decision + "/reversal", SUPERVISOR_2,
                        Map.of("reasonCode", "RELAPSE"), "reliability-reverse-" + decision, 200);
                statuses.put(id, "ACTIVE");
                reversed.add(id);
            }
        }

        /** The PKH tranche created by an officer, approved by a supervisor and dispatched; its entitlements. */
        long pkhCycle(int tranche) {
            JsonNode cycle = until(Service.ASSISTANCE, "POST", "/api/v1/disbursement-cycles", OFFICER, Map.of(
                    "programme", "PKH", "year", LocalDate.now(java.time.ZoneOffset.UTC).getYear(), "tranche",
                    tranche), "reliability-create-" + tranche, 201, 200).body();
            String id = cycle.path("id").asText();
            long entitlements = until(Service.ASSISTANCE, "POST", "/api/v1/disbursement-cycles/" + id + "/approval",
                    SUPERVISOR, null, "reliability-approve-" + id, 200).body().path("entitlementCount").asLong();
            until(Service.ASSISTANCE, "POST", "/api/v1/disbursement-cycles/" + id + "/dispatch", OFFICER, null,
                    "reliability-dispatch-" + id, 202);
            cycles.add(id);
            return entitlements;
        }

        /** Asks until the check holds, for {@link #PERSEVERANCE}. */
        private static void await(String what, java.util.concurrent.Callable<Boolean> check) {
            try {
                org.awaitility.Awaitility.await().atMost(PERSEVERANCE).pollInterval(Duration.ofMillis(300))
                        .until(check);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new GaveUp("gave up waiting for " + what);
            }
        }

        /** A client that was refused waits a moment, as a partner's would, rather than spin. */
        private static void backOff() {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /**
         * The same request (the same key) again and again until it is answered with one of {@code accepted}, as a
         * client would after a fault; every other answer is a refusal, judged as any.
         */
        private Answer until(Service service, String method, String path, String token, Object body, String key,
                int... accepted) {
            Answer[] answer = new Answer[1];
            try {
                // A client that was refused waits a moment before it sends again, as a partner's would.
                org.awaitility.Awaitility.await().atMost(PERSEVERANCE).pollDelay(Duration.ZERO)
                        .pollInterval(Duration.ofMillis(250))
                        .until(() -> (answer[0] = call(service, method, path, token, body, key, accepted)) != null);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new GaveUp(method + " " + service.module + path + " never answered "
                        + java.util.Arrays.toString(accepted));
            }
            return answer[0];
        }

        /**
         * The answer when it is 2xx (or one of {@code accepted}, when given); otherwise the refusal is recorded,
         * with whether a fault explains it (the service down: no connection; the database down: a 503 problem),
         * and null is returned.
         */
        private Answer call(Service service, String method, String path, String token, Object body, String key,
                int... accepted) {
            String request = method + " " + service.module + path;
            int serviceBefore = OUTAGES.get(service).get();
            int databaseBefore = DATABASE_OUTAGES.get();
            try {
                var builder = HttpRequest.newBuilder(URI.create(platform.url(service) + path))
                        .timeout(Duration.ofSeconds(30)).header("Authorization", token)
                        .header("Content-Type", "application/json")
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body instanceof String s ? s
                                        : JSON.writeValueAsString(body)));
                if (key != null) {
                    builder.header("Idempotency-Key", key);
                }
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                boolean wanted = accepted.length == 0 ? status / 100 == 2
                        : java.util.Arrays.stream(accepted).anyMatch(a -> a == status);
                if (wanted) {
                    if (status / 100 == 2) {
                        ok.incrementAndGet();
                    }
                    return new Answer(status, response.body().isBlank() ? JSON.createObjectNode()
                            : JSON.readTree(response.body()));
                }
                boolean problem = response.headers().firstValue("Content-Type").orElse("")
                        .startsWith("application/problem+json");
                refused.add(new Refusal(request, status + " " + response.body(),
                        status == 503 && problem && disturbed(DATABASE_OUTAGES, databaseBefore)));
            } catch (java.io.IOException e) {
                refused.add(new Refusal(request, e.toString(), disturbed(OUTAGES.get(service), serviceBefore)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                refused.add(new Refusal(request, e.toString(), true));
            }
            return null;
        }
    }

    /**
     * Asks every service about every household until each view has the status the registry last accepted for it
     * (registry, assistance's projection, graduation's readiness) and mentoring's case agrees (OPEN, or under
     * MONITORING once graduated); what is still behind at the deadline.
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
        // A graduated family's case is under monitoring; a reversal opens it again.
        String kase = "GRADUATED".equals(expected) ? "MONITORING" : "OPEN";
        boolean agree = expected.equals(registry) && expected.equals(assistance) && kase.equals(mentoring)
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
        return Long.parseLong(rows(service, "select count(*) from outbox_event").get(0));
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
