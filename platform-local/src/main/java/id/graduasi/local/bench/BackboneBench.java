package id.graduasi.local.bench;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import id.graduasi.events.contract.CloudEventHeaders;
import id.graduasi.events.contract.EventSchemas;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.Topics;
import id.graduasi.events.outbox.OutboxConfig;
import id.graduasi.events.outbox.OutboxPublisher;
import id.graduasi.events.outbox.RelayWorker;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;

/**
 * The event backbone's benchmark (issue #14), each figure beside its ceiling measured in the same run on the same
 * broker and database. Run through {@code bench/backbone/run.sh}, which starts the platform and prints every
 * figure; each subcommand prints one result line starting with {@code RESULT}.
 * <ul>
 * <li>{@code relay <rows> <replicas>}: drains an outbox of {@code rows} pending rows (a fresh database
 * {@code graduasi_bench_relay} with the platform's outbox schema) with the relay's own classes
 * ({@link RelayWorker}: slots, NOTIFY, pipelined rounds), then reads the topic back: every row once, each key in
 * order.</li>
 * <li>{@code raw <records>}: the raw producer ceiling: the same record size, keys and headers, the relay's
 * producer settings ({@code acks=all}, idempotent), sent as fast as the client takes them.</li>
 * <li>{@code fanout <rate> <seconds>}: GraduationDecided events committed into graduation-service's outbox at a
 * fixed rate, as the decision's transaction commits them; latency = commit of the consuming transaction in
 * registry, assistance and mentoring (PostgreSQL commit timestamps) minus the decision's commit.</li>
 * <li>{@code rawlatency <rate> <seconds>}: plain produce → consume latency at the same rate.</li>
 * </ul>
 */
public final class BackboneBench {

    static final String BOOTSTRAP = System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    static final String PG = System.getenv().getOrDefault("GRADUASI_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    static final int PARTITIONS = Topics.PARTITIONS;
    static final int KEYS = 200_000;
    /** A HouseholdStatusChanged-sized payload (the most common interactive event), padded to its real size. */
    static final String PAYLOAD_SQL = "'{\"householdId\":\"' || k || '\",\"villageCode\":\"64.72.01.1001\","
            + "\"fromStatus\":\"VERIFIED\",\"toStatus\":\"ACTIVE\",\"reason\":\"FIELD_VERIFIED\",\"n\":' || g || ',"
            + "\"changedAt\":\"2026-12-04T05:00:00.000000Z\",\"pad\":\"' || repeat('x', 40) || '\"}'";

    private BackboneBench() {
    }

    public static void main(String[] args) throws Exception {
        try {
            run(args);
        } catch (Exception e) {
            e.printStackTrace();
            System.exit(1); // not left waiting on the Vert.x threads
        }
        System.exit(0);
    }

    private static void run(String[] args) throws Exception {
        switch (args[0]) {
            case "relay" -> relay(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "raw" -> raw(Integer.parseInt(args[1]));
            case "fanout" -> fanout(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "rawlatency" -> rawLatency(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            case "catchup" -> catchup(args[1], Arrays.copyOfRange(args, 2, args.length));
            case "topic" -> createTopic(args[1]);
            case "headofline" -> headOfLine(args[1], args[2]);
            case "settle" -> settle();
            default -> throw new IllegalArgumentException("relay|raw|fanout|rawlatency|catchup|topic|headofline|settle");
        }
    }

    // ---- 1. relay throughput -------------------------------------------------------------------------------

    static void relay(int rows, int replicas) throws Exception {
        String db = "graduasi_bench_relay";
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("drop database if exists " + db + " with (force)");
            admin.createStatement().execute("create database " + db);
        }
        String topic = "graduasi.bench.relay." + System.currentTimeMillis();
        createTopic(topic);
        try (Connection c = DriverManager.getConnection(PG + db, "postgres", "")) {
            for (String file : List.of("V0_1__outbox_and_inbox.sql", "V0_3__outbox_trace_context.sql",
                    "V0_14_1__outbox_lanes_slots_wake.sql", "V0_14_3__outbox_key_index.sql",
                    "V0_19_1__outbox_wake_says_what.sql")) {
                try (var in = BackboneBench.class.getResourceAsStream("/db/platform/" + file)) {
                    c.createStatement().execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
            long t = System.nanoTime();
            c.createStatement().execute("""
                    insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at, lane)
                    select gen_random_uuid(), '%s', k, '%s', '/graduasi/registry-service', k, %s, now(), 1
                    from (select g, (md5((g %% %d)::text))::uuid::text as k from generate_series(1, %d) g) s
                    order by g""".formatted(topic, EventType.HOUSEHOLD_STATUS_CHANGED.type(), PAYLOAD_SQL, KEYS,
                    rows));
            c.createStatement().execute("vacuum analyze outbox_event");
            say("outbox filled with " + rows + " rows in " + ms(t) + " ms");
        }
        Vertx vertx = Vertx.vertx();
        PgConnectOptions options = new PgConnectOptions().setHost("127.0.0.1").setPort(5432).setDatabase(db)
                .setUser("postgres").setPassword("");
        Pool pool = io.vertx.mutiny.pgclient.PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(new PgConnectOptions(options).setCachePreparedStatements(true)).using(vertx).build();
        OutboxConfig config = config();
        List<RelayWorker> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < replicas; i++) {
            // As OutboxRelay.newWorker builds a replica: a producer per loop, one reservation of households.
            KafkaProducer<String, String> interactive = new KafkaProducer<>(producerProps("bench-relay-i" + i));
            KafkaProducer<String, String> bulk = new KafkaProducer<>(producerProps("bench-relay-b" + i));
            var households = new OutboxPublisher.Households();
            workers.add(new RelayWorker("bench-relay-" + i, vertx, options,
                    new OutboxPublisher(pool, interactive, config, (type, data) -> { }, () -> { }, households),
                    interactive,
                    new OutboxPublisher(pool, bulk, config, (type, data) -> { }, () -> { }, households), bulk,
                    households, config).start());
        }
        try (Connection c = DriverManager.getConnection(PG + db, "postgres", "")) {
            while (true) {
                ResultSet rs = c.createStatement().executeQuery(
                        "select exists (select 1 from outbox_event)");
                rs.next();
                if (!rs.getBoolean(1)) {
                    break;
                }
                Thread.sleep(50);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long[] shares = workers.stream().mapToLong(RelayWorker::published).toArray();
        workers.forEach(RelayWorker::close);
        pool.closeAndAwait();
        vertx.closeAndAwait();
        say("verifying: reading " + topic + " back");
        String verdict = verify(topic, rows);
        System.out.printf("RESULT relay replicas=%d rows=%d seconds=%.2f rate=%.0f shares=%s %s%n", replicas, rows,
                seconds, rows / seconds, Arrays.toString(shares), verdict);
    }

    /** Every row once, and per key the rows in the order they were written (n increases with seq). */
    static String verify(String topic, int rows) {
        Map<String, Long> lastN = new HashMap<>(KEYS * 2);
        java.util.BitSet seen = new java.util.BitSet(rows + 1);
        long[] duplicates = { 0 };
        long[] outOfOrder = { 0 };
        long records = readTopic(topic, r -> {
            String v = r.value();
            int at = v.indexOf("\"n\":") + 4;
            long n = Long.parseLong(v.substring(at, v.indexOf(',', at)));
            if (seen.get((int) n)) {
                duplicates[0]++;
            }
            seen.set((int) n);
            Long last = lastN.put(r.key(), n);
            if (last != null && last > n) {
                outOfOrder[0]++;
            }
        });
        return "published=" + records + " distinct=" + seen.cardinality() + " duplicates=" + duplicates[0]
                + " out_of_order=" + outOfOrder[0]
                + (seen.cardinality() == rows && outOfOrder[0] == 0 ? " OK" : " FAILED");
    }

    // ---- 1'. raw producer ceiling ----------------------------------------------------------------------------

    static void raw(int records) throws Exception {
        String topic = "graduasi.bench.raw." + System.currentTimeMillis();
        createTopic(topic);
        String pad = "x".repeat(40);
        String[] keys = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            keys[i] = UUID.nameUUIDFromBytes(Integer.toString(i).getBytes()).toString();
        }
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<String, String>(producerProps("bench-raw"))) {
            for (int g = 1; g <= records; g++) {
                String k = keys[g % KEYS];
                String value = "{\"householdId\":\"" + k + "\",\"villageCode\":\"64.72.01.1001\",\"fromStatus\":"
                        + "\"VERIFIED\",\"toStatus\":\"ACTIVE\",\"reason\":\"FIELD_VERIFIED\",\"n\":" + g
                        + ",\"changedAt\":\"2026-12-04T05:00:00.000000Z\",\"pad\":\"" + pad + "\"}";
                producer.send(new ProducerRecord<>(topic, null, k, value, headers(UUID.randomUUID().toString())),
                        (md, e) -> {
                            if (e != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("RESULT raw records=%d seconds=%.2f rate=%.0f failed=%d%n", records, seconds,
                records / seconds, failed.get());
    }

    // ---- 2. fan-out latency ----------------------------------------------------------------------------------

    static void fanout(int rate, int seconds) throws Exception {
        List<String[]> households = new ArrayList<>();
        try (Connection registry = DriverManager.getConnection(PG + "graduasi_registry", "postgres", "")) {
            ResultSet rs = registry.createStatement().executeQuery(
                    "select id::text, village_code, status from household where status in ('ACTIVE', 'GRADUATED')"
                            + " order by id limit 5000");
            while (rs.next()) {
                households.add(new String[] { rs.getString(1), rs.getString(2), rs.getString(3) });
            }
        }
        if (households.isEmpty()) {
            throw new IllegalStateException("no ACTIVE households in the registry: activate the demo data first");
        }
        // Each household's next event undoes its last: a run starts from where the one before it left each
        // household (a run that took only the ACTIVE ones would leave fewer for the next, at last a single one).
        boolean[] graduated = new boolean[households.size()];
        for (int k = 0; k < graduated.length; k++) {
            graduated[k] = "GRADUATED".equals(households.get(k)[2]);
        }
        // As graduation-service writes a decision: one v2 event in the decision's transaction (v1 is retired).
        Map<String, Long> v2At = new ConcurrentHashMap<>();
        // Where the time goes: when the relay handed each decision to the producer (the record's CreateTime), read
        // back from the topic, splits each latency into commit -> published and published -> consumed.
        String topic = EventType.GRADUATION_DECIDED_V2.topic();
        Map<String, Long> publishedAt = new ConcurrentHashMap<>();
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var listening = new java.util.concurrent.CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<String, String>(consumerProps(null))) {
                List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToEnd(partitions);
                partitions.forEach(consumer::position);
                listening.countDown();
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        String id = CloudEventHeaders.read(r.headers(), CloudEventHeaders.ID);
                        if (id != null) {
                            publishedAt.put(id, r.timestamp() * 1000);
                        }
                    }
                }
            }
        }, "bench-fanout-published");
        reader.start();
        listening.await(30, TimeUnit.SECONDS);
        long interval = 1_000_000_000L / rate;
        try (Connection graduation = DriverManager.getConnection(PG + "graduasi_graduation", "postgres", "")) {
            graduation.setAutoCommit(false);
            PreparedStatement insert = graduation.prepareStatement("""
                    insert into outbox_event (id, topic, record_key, type, source, subject, payload, occurred_at, lane)
                    values (cast(? as uuid), ?, ?, ?, '/graduasi/graduation-service', ?, ?, now(), 0)""");
            long next = System.nanoTime();
            long end = next + seconds * 1_000_000_000L;
            int i = 0;
            while (System.nanoTime() < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                // Each household is graduated, then its graduation reverted, then graduated again...: every event
                // has its full effect in every service (a decision for a household already graduated would not).
                int k = i % households.size();
                String[] h = households.get(k);
                boolean decided = !graduated[k];
                graduated[k] = decided;
                i++;
                String decision = UUID.randomUUID().toString();
                String today = LocalDate.now().toString();
                String common = "\"decisionId\":\"" + decision + "\",\"householdId\":\"" + h[0]
                        + "\",\"villageCode\":\"" + h[1] + "\",\"pathway\":\"GRADUASI_MANDIRI\"";
                String v2 = "{" + common + ",\"outcome\":\"GRADUATED\",\"effectiveOn\":\"" + today + "\","
                        + (decided ? "\"monitoringUntil\":\"" + LocalDate.now().plusMonths(12)
                                + "\",\"criteriaVersion\":1,\"reasonCode\":\"EKONOMI_MEMBAIK\",\"decidedOn\":\""
                                : "\"revertedOn\":\"") + today + "\"}";
                String id2 = UUID.randomUUID().toString();
                add(insert, id2, h[0], (decided ? EventType.GRADUATION_DECIDED_V2 : EventType.GRADUATION_REVERTED_V2),
                        v2);
                // Taken before the statement: the latency counts the decision's own commit too.
                long before = System.currentTimeMillis() * 1000 + (System.nanoTime() / 1000) % 1000;
                insert.executeBatch();
                graduation.commit();
                v2At.put(id2, before);
                next += interval;
            }
        }
        say("sent " + v2At.size() + " decisions at " + rate + "/s; waiting for the consumers");
        Thread.sleep(15_000);
        stop.set(true);
        reader.join();
        StringBuilder out = new StringBuilder("RESULT fanout rate=" + rate + " seconds=" + seconds + " decisions="
                + v2At.size());
        List<Long> all = new ArrayList<>();
        List<Long> published = new ArrayList<>();
        List<Long> consumed = new ArrayList<>();
        v2At.forEach((id, at) -> {
            Long p = publishedAt.get(id);
            if (p != null) {
                published.add(p - at);
            }
        });
        for (String service : List.of("registry", "assistance", "mentoring")) {
            Map<String, Long> committedAt = v2At;
            List<Long> latencies = new ArrayList<>();
            try (Connection c = DriverManager.getConnection(PG + "graduasi_" + service, "postgres", "")) {
                PreparedStatement q = c.prepareStatement("select event_id::text,"
                        + " (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint"
                        + " from inbox_event where event_id = any(cast(? as uuid[]))");
                q.setArray(1, c.createArrayOf("text", committedAt.keySet().toArray()));
                ResultSet rs = q.executeQuery();
                while (rs.next()) {
                    latencies.add(rs.getLong(2) - committedAt.get(rs.getString(1)));
                    Long p = publishedAt.get(rs.getString(1));
                    if (p != null) {
                        consumed.add(rs.getLong(2) - p);
                    }
                }
            }
            all.addAll(latencies);
            out.append(" ").append(service).append(summary(latencies, committedAt.size()));
        }
        out.append(" all").append(summary(all, v2At.size() * 3));
        // The record's timestamp has millisecond resolution.
        out.append(" published").append(summary(published, v2At.size()));
        out.append(" consumed").append(summary(consumed, v2At.size() * 3));
        System.out.println(out);
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private static void add(PreparedStatement insert, String id, String household, EventType type, String payload)
            throws Exception {
        // The consumers dead-letter what breaks the contract: a harness bug would be measured as missing effects.
        var violations = EventSchemas.get().validate(type, JSON.readTree(payload));
        if (!violations.isEmpty()) {
            throw new IllegalStateException(type.type() + " payload violates its schema: " + violations);
        }
        insert.setString(1, id);
        insert.setString(2, type.topic());
        insert.setString(3, household);
        insert.setString(4, type.type());
        insert.setString(5, household);
        insert.setString(6, payload);
        insert.addBatch();
    }

    // ---- 2'. raw produce -> consume latency ---------------------------------------------------------------------

    static void rawLatency(int rate, int seconds) throws Exception {
        String topic = "graduasi.bench.latency." + System.currentTimeMillis();
        createTopic(topic);
        List<Long> latencies = java.util.Collections.synchronizedList(new ArrayList<>());
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        Thread reader = new Thread(() -> {
            try (var consumer = new KafkaConsumer<String, String>(consumerProps("bench-latency-" + topic))) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(100))) {
                        latencies.add(System.nanoTime() / 1000 - Long.parseLong(r.value()));
                    }
                    consumer.commitAsync();
                }
            }
        });
        reader.start();
        Thread.sleep(3_000); // the group joins
        long interval = 1_000_000_000L / rate;
        int sent = 0;
        try (var producer = new KafkaProducer<String, String>(producerProps("bench-latency"))) {
            long next = System.nanoTime();
            long end = next + seconds * 1_000_000_000L;
            while (System.nanoTime() < end) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                producer.send(new ProducerRecord<>(topic, UUID.randomUUID().toString(),
                        Long.toString(System.nanoTime() / 1000)));
                sent++;
                next += interval;
            }
        }
        Thread.sleep(5_000);
        stop.set(true);
        reader.join();
        System.out.println("RESULT rawlatency rate=" + rate + " seconds=" + seconds + " sent=" + sent
                + summary(new ArrayList<>(latencies), sent));
    }

    // ---- 4. head of line ------------------------------------------------------------------------------------------

    /**
     * An officer's status change (through the registry's API) committed while the registry's outbox holds a bulk
     * backlog: the time from its commit to its publication (its outbox row deleted) and to its consumption in
     * assistance, mentoring and graduation (their commit timestamps).
     */
    static void headOfLine(String household, String token) throws Exception {
        try (Connection registry = DriverManager.getConnection(PG + "graduasi_registry", "postgres", "")) {
            // The event's id and commit, from a row written in the same transaction as the outbox row.
            registry.createStatement().execute("""
                    create table if not exists bench_event (id uuid, at timestamptz default clock_timestamp());
                    create or replace function bench_event_log() returns trigger language plpgsql as $$
                    begin insert into bench_event (id) values (new.id); return null; end $$;
                    drop trigger if exists bench_event_log on outbox_event;
                    create trigger bench_event_log after insert on outbox_event for each row
                      when (new.record_key = '%s' and new.type like '%%status-changed%%')
                      execute function bench_event_log();""".formatted(household));
            ResultSet backlog = registry.createStatement().executeQuery("select count(*) from outbox_event");
            backlog.next();
            long pending = backlog.getLong(1);
            var http = java.net.http.HttpClient.newHttpClient();
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:8081/api/v1/households/" + household + "/status"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"status\":\"VERIFIED\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("status change answered " + response.statusCode() + " "
                        + response.body());
            }
            ResultSet ev = registry.createStatement().executeQuery("select id::text,"
                    + " (extract(epoch from pg_xact_commit_timestamp(xmin)) * 1000000)::bigint from bench_event");
            ev.next();
            String id = ev.getString(1);
            long committed = ev.getLong(2);
            long published = -1;
            PreparedStatement gone = registry.prepareStatement("select 1 from outbox_event where id = cast(? as uuid)");
            gone.setString(1, id);
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                if (!gone.executeQuery().next()) {
                    published = System.currentTimeMillis() * 1000 - committed;
                    break;
                }
                Thread.sleep(2);
            }
            ResultSet left = registry.createStatement().executeQuery("select count(*) from outbox_event");
            left.next();
            long stillPending = left.getLong(1);
            registry.createStatement().execute("drop trigger bench_event_log on outbox_event; drop table bench_event");
            StringBuilder out = new StringBuilder(String.format("RESULT headofline backlog=%d published_after=%s",
                    pending, published < 0 ? "not-within-60s" : String.format("%.1fms", published / 1000.0)));
            for (String service : List.of("assistance", "mentoring", "graduation")) {
                try (Connection c = DriverManager.getConnection(PG + "graduasi_" + service, "postgres", "")) {
                    PreparedStatement q = c.prepareStatement("select (extract(epoch from"
                            + " pg_xact_commit_timestamp(xmin)) * 1000000)::bigint from inbox_event where event_id = cast(? as uuid)");
                    q.setString(1, id);
                    String applied = "not-within-60s";
                    while (System.currentTimeMillis() < deadline) {
                        ResultSet rs = q.executeQuery();
                        if (rs.next()) {
                            applied = String.format("%.1fms", (rs.getLong(1) - committed) / 1000.0);
                            break;
                        }
                        Thread.sleep(5);
                    }
                    out.append(' ').append(service).append('=').append(applied);
                }
            }
            out.append(" backlog_left_when_published=").append(stillPending);
            System.out.println(out);
        }
    }

    /**
     * Waits until every consumer group has consumed everything on its topics (no lag for 3 s in a row), so a
     * figure is not measured behind the consumers' backlog of an earlier step (the demo data, say).
     */
    static void settle() throws Exception {
        long t = System.nanoTime();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            int quiet = 0;
            while (quiet < 3 && System.nanoTime() - t < TimeUnit.MINUTES.toNanos(30)) {
                long lag = 0;
                for (var group : admin.listConsumerGroups().all().get()) {
                    var committed = admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata()
                            .get();
                    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(p -> latest.put(p, org.apache.kafka.clients.admin.OffsetSpec.latest()));
                    var ends = admin.listOffsets(latest).all().get();
                    for (var e : committed.entrySet()) {
                        if (e.getValue() != null) {
                            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                        }
                    }
                }
                quiet = lag == 0 ? quiet + 1 : 0;
                Thread.sleep(1_000);
            }
        }
        say("consumers settled in " + ms(t) + " ms");
    }

    // ---- 3. consumer catch-up -----------------------------------------------------------------------------------

    /**
     * Waits until each consuming service has applied every record of {@code topic}, and takes its rate from its
     * consumer group's committed offsets: a group commits past a batch once the batch is applied (or skipped: the
     * types a service does not act on leave no row in its inbox). Offsets are committed every
     * {@code auto.commit.interval.ms} (5 s by default, 1 s in {@code bench/backbone/run.sh}), so each end of the
     * interval is seen up to that late. A service is named alone (its group is {@code <service>-service}) or as
     * {@code <service>:<group>}.
     */
    static void catchup(String topic, String[] services) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.HOURS.toNanos(2);
        // Every group watched at once, each second: records committed from the look before the first change to the
        // look that saw the group at the topic's end (or its last change, if it never gets there), over that time.
        int n = services.length;
        long[] c0 = new long[n];
        long[] last = new long[n];
        long[] start = new long[n];
        long[] lastChange = new long[n];
        boolean[] done = new boolean[n];
        long total = 0;
        String[] groups = new String[n];
        for (int i = 0; i < n; i++) {
            String[] named = services[i].split(":", 2);
            services[i] = named[0];
            groups[i] = named.length == 2 ? named[1] : named[0] + "-service";
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            // A broker started with this command may not answer yet, nor have the topic.
            while (true) {
                try {
                    total = endOffsets(admin, topic);
                    break;
                } catch (java.util.concurrent.ExecutionException notYet) {
                    if (System.nanoTime() > deadline) {
                        throw notYet;
                    }
                    Thread.sleep(500);
                }
            }
            long look = System.nanoTime();
            long firstLook = look;
            for (int i = 0; i < n; i++) {
                c0[i] = last[i] = committed(admin, groups[i], topic);
            }
            boolean busy = true;
            while (busy && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                long previousLook = look;
                look = System.nanoTime();
                total = endOffsets(admin, topic);
                busy = false;
                for (int i = 0; i < n; i++) {
                    if (done[i]) {
                        continue;
                    }
                    long now = committed(admin, groups[i], topic);
                    if (now != last[i]) {
                        if (start[i] == 0) {
                            start[i] = previousLook;
                            c0[i] = last[i];
                        }
                        last[i] = now;
                        lastChange[i] = look;
                    }
                    done[i] = start[i] != 0 && now >= total;
                    // A service that has not begun within two minutes is not going to; one that stops short of the
                    // end for a minute is stuck.
                    busy |= !done[i] && (start[i] == 0 ? look - firstLook < TimeUnit.MINUTES.toNanos(2)
                            : look - lastChange[i] < TimeUnit.MINUTES.toNanos(1));
                }
            }
        }
        say("catch-up: " + total + " records on " + topic);
        for (int i = 0; i < n; i++) {
            double seconds = (lastChange[i] - start[i]) / 1e9;
            System.out.printf("RESULT %s service=%s applied=%d (of %d on the topic)%s in %.1f s rate=%.0f%n",
                    System.getenv().getOrDefault("CATCHUP_LABEL", "catchup"), services[i], last[i] - c0[i], total,
                    done[i] ? "" : " NOT CAUGHT UP", seconds, (last[i] - c0[i]) / Math.max(seconds, 0.001));
        }
        catchupCeilings(topic, total);
    }

    /** The offsets {@code group} has committed on {@code topic}, summed over its partitions (0 before any). */
    static long committed(Admin admin, String group, String topic) throws Exception {
        long sum = 0;
        for (var e : admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum;
    }

    /** The end offsets of {@code topic}, summed over its partitions. */
    static long endOffsets(Admin admin, String topic) throws Exception {
        var partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
        Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
        long total = 0;
        for (var e : admin.listOffsets(latest).all().get().values()) {
            total += e.offset();
        }
        return total;
    }

    /**
     * Hands every record of {@code topic}, from the beginning to the end it had when asked, to {@code each}, read
     * by a plain consumer. @return the records read
     */
    static long readTopic(String topic, java.util.function.Consumer<ConsumerRecord<String, String>> each) {
        long read = 0;
        try (var consumer = new KafkaConsumer<String, String>(consumerProps(null))) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(r);
                    read++;
                }
            }
        }
        return read;
    }

    /**
     * The ceilings of a catch-up, in the same run: a plain consumer reading the whole topic (delivery), and the
     * database inserting an inbox row per record in one statement (a consumer claims at most that many).
     */
    static void catchupCeilings(String topic, long total) throws Exception {
        long t = System.nanoTime();
        long read = readTopic(topic, r -> { });
        double seconds = (System.nanoTime() - t) / 1e9;
        System.out.printf("RESULT catchup-ceiling raw_consumer records=%d in %.1f s rate=%.0f%n", read, seconds,
                read / seconds);
        String db = "graduasi_bench_inbox";
        try (Connection admin = DriverManager.getConnection(PG + "postgres", "postgres", "")) {
            admin.createStatement().execute("drop database if exists " + db + " with (force)");
            admin.createStatement().execute("create database " + db);
        }
        try (Connection c = DriverManager.getConnection(PG + db, "postgres", "")) {
            try (var in = BackboneBench.class.getResourceAsStream("/db/platform/V0_1__outbox_and_inbox.sql")) {
                c.createStatement().execute(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            t = System.nanoTime();
            c.createStatement().execute("insert into inbox_event (event_id, type) select gen_random_uuid(),"
                    + " 'id.graduasi.registry.household.registered.v1' from generate_series(1, " + total + ")");
            seconds = (System.nanoTime() - t) / 1e9;
        }
        System.out.printf("RESULT catchup-ceiling inbox_insert rows=%d in %.1f s rate=%.0f%n", total, seconds,
                total / seconds);
    }

    // ---------------------------------------------------------------------------------------------------------

    static String summary(List<Long> micros, int expected) {
        if (micros.isEmpty()) {
            return " n=0/" + expected;
        }
        long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
        return String.format(" n=%d/%d p50=%.1fms p95=%.1fms p99=%.1fms max=%.1fms", sorted.length, expected,
                pct(sorted, 50) / 1000.0, pct(sorted, 95) / 1000.0, pct(sorted, 99) / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }

    static long pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
    }

    static RecordHeaders headers(String id) {
        var h = new RecordHeaders();
        CloudEventHeaders.write(h, CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0);
        CloudEventHeaders.write(h, CloudEventHeaders.ID, id);
        CloudEventHeaders.write(h, CloudEventHeaders.TYPE, EventType.HOUSEHOLD_STATUS_CHANGED.type());
        CloudEventHeaders.write(h, CloudEventHeaders.SOURCE, "/graduasi/registry-service");
        CloudEventHeaders.write(h, CloudEventHeaders.SUBJECT, id);
        CloudEventHeaders.write(h, CloudEventHeaders.TIME, "2026-12-04T05:00:00.000000Z");
        CloudEventHeaders.write(h, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        return h;
    }

    /** The relay's producer settings (platform-events' defaults), so raw and relay differ only by the relay. */
    static Properties producerProps(String clientId) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
        p.put(ProducerConfig.LINGER_MS_CONFIG, System.getenv().getOrDefault("BENCH_LINGER_MS", "5"));
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, System.getenv().getOrDefault("BENCH_BATCH_SIZE", "262144"));
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, System.getenv().getOrDefault("BENCH_COMPRESSION", "lz4"));
        return p;
    }

    static Properties consumerProps(String group) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        if (group != null) {
            p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        }
        return p;
    }

    static OutboxConfig config() {
        int batch = Integer.parseInt(System.getenv().getOrDefault("BENCH_RELAY_BATCH", "5000"));
        return new OutboxConfig() {
            public int batchSize() { return batch; }
            public int interactiveKeys() { return 500; }
            public Duration pollInterval() { return Duration.ofSeconds(1); }
            public Duration heartbeat() { return Duration.ofSeconds(1); }
            public Duration retryBackoff() { return Duration.ofSeconds(1); }
            public Duration maxRetryBackoff() { return Duration.ofMinutes(1); }
            public Duration sendTimeout() { return Duration.ofSeconds(60); }
            public Relay relay() { return () -> true; }
            public Map<String, String> producer() { return Map.of(); }
        };
    }

    static void createTopic(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    static void say(String s) {
        System.out.println("[bench] " + s);
    }
}
