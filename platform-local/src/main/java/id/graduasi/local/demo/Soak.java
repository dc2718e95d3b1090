package id.graduasi.local.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import com.fasterxml.jackson.databind.JsonNode;

import id.graduasi.events.contract.AssessmentCriterion;
import id.graduasi.local.LocalTokens;

/**
 * {@code bench/soak/run.sh [minutes] [households per minute]} (issue #17, soak): a steady mixed load on the running
 * local platform for a long time, sampled every minute, to show what grows. Each household of the load goes the
 * whole way as its users would take it: registered by an officer, verified in the field, seven months of indicators,
 * visited and assessed by its own pendamping, evaluated; a third are proposed and graduated (four eyes), and half of
 * those relapse (the decision reversed). PKH cycles are created, approved and dispatched on the way. Every minute it
 * records, per service: heap used right after a full GC (forced with {@code jcmd}), RSS, threads, open files; per
 * database: connections, outbox and inbox rows, pending audit entries; per consumer group: its lag.
 */
public final class Soak {

    private static final String[] SERVICES = {"registry-service", "assistance-service", "mentoring-service",
            "graduation-service", "dashboard-service"};
    private static final List<String> EVERYWHERE = List.of("*");
    /** How long a household's step may wait for an event to reach the service that acts on it. */
    private static final Duration WAIT = Duration.ofMinutes(3);

    private final Api api = new Api();
    private final KeyPair keys;
    /** The local platform's launcher, whose children are the services sampled. */
    private final Optional<ProcessHandle> launcher;
    private final Map<String, String> signed = new ConcurrentHashMap<>();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final List<String> villages = new ArrayList<>();
    /** Distinguishes this run's KK numbers and people from an earlier run's on the same platform. */
    private final int run = (int) ((System.currentTimeMillis() / 60_000) % 900) + 100;
    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong serverErrors = new AtomicLong();
    private final Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
    private final List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());

    private Soak(Path root) throws Exception {
        this.keys = LocalTokens.keys(root.resolve(".graduasi"));
        this.launcher = ProcessHandle.of(Long.parseLong(Files.readString(root.resolve(".graduasi/platform.pid"))
                .strip()));
        DemoData data = new DemoData(root, 4242);
        for (int i = 0; villages.size() < 6; i++) {
            String village = data.plan(i).villageCode();
            if (villages.stream().noneMatch(v -> v.startsWith(village.substring(0, village.lastIndexOf('.'))))) {
                villages.add(village);
            }
        }
    }

    private String token(String user, String role, List<String> regions) {
        return signed.computeIfAbsent(user + " " + role + " " + regions,
                k -> LocalTokens.token(keys, role, user, regions));
    }

    private String officer() {
        return token("soak-officer", "OFFICER", EVERYWHERE);
    }

    private String supervisor() {
        return token("soak-supervisor", "SUPERVISOR", EVERYWHERE);
    }

    private static String district(String village) {
        return village.substring(0, village.lastIndexOf('.'));
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        int minutes = Integer.parseInt(args[1]);
        int perMinute = Integer.parseInt(args[2]);
        Path out = Path.of(args[3]);
        System.exit(new Soak(root).soak(minutes, perMinute, out) ? 0 : 1);
    }

    private boolean soak(int minutes, int perMinute, Path out) throws Exception {
        for (String village : villages) {
            api.post("http://127.0.0.1:8083/api/v1/social-workers", supervisor(), Map.of("username",
                    "soak-" + district(village).replace(".", ""), "capacity", 10000, "areas",
                    List.of(district(village)))).expect(201, 409);
        }
        say("soak: %d minutes, %d households a minute, villages %s; samples → %s", minutes, perMinute, villages, out);
        ExecutorService flows = Executors.newFixedThreadPool(64);
        ScheduledExecutorService clock = Executors.newScheduledThreadPool(2);
        long end = System.nanoTime() + Duration.ofMinutes(minutes).toNanos();
        AtomicInteger skipped = new AtomicInteger();
        clock.scheduleAtFixedRate(() -> {
            if (System.nanoTime() > end) {
                return;
            }
            if (active.get() >= 60) {
                skipped.incrementAndGet(); // the platform is behind the rate: say so rather than queue for ever
                return;
            }
            active.incrementAndGet();
            flows.submit(() -> {
                try {
                    household(sequence.incrementAndGet());
                } catch (RuntimeException | InterruptedException e) {
                    fail("flow", e.getMessage());
                } finally {
                    active.decrementAndGet();
                }
            });
        }, 0, 60_000_000L / perMinute, TimeUnit.MICROSECONDS);
        // A PKH tranche early and one half-way: created, approved by a second person, dispatched, settled.
        for (long at : new long[] {2, Math.max(3, minutes / 2)}) {
            if (at < minutes) {
                clock.schedule(() -> flows.submit(this::cycle), at, TimeUnit.MINUTES);
            }
        }
        List<String> header = new ArrayList<>(List.of("minute", "households", "requests", "5xx", "active", "skipped"));
        long started = System.nanoTime();
        int minute = 0;
        while (true) {
            Map<String, Long> sample = sample();
            if (minute == 0) {
                header.addAll(sample.keySet());
                Files.writeString(out, String.join(",", header) + "\n");
            }
            List<String> row = new ArrayList<>(List.of(Integer.toString(minute), Integer.toString(sequence.get()),
                    Long.toString(requests.get()), Long.toString(serverErrors.get()), Integer.toString(active.get()),
                    Integer.toString(skipped.get())));
            columns(header, sample, row);
            Files.writeString(out, String.join(",", row) + "\n", java.nio.file.StandardOpenOption.APPEND);
            say("minute %d: %d households, %d requests, %d × 5xx, %d in flight, %d skipped; heap after GC MB %s;"
                    + " lag %s", minute, sequence.get(), requests.get(), serverErrors.get(), active.get(),
                    skipped.get(), pick(sample, "heap_mb"), pick(sample, "lag"));
            if (System.nanoTime() > end) {
                break;
            }
            minute++;
            long next = started + Duration.ofMinutes(minute).toNanos();
            Thread.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
        }
        clock.shutdownNow();
        flows.shutdown();
        flows.awaitTermination(5, TimeUnit.MINUTES);
        // The load has stopped: the platform settles (lag back to zero, outboxes drained), then a last sample.
        Thread.sleep(60_000);
        Map<String, Long> settled = sample();
        List<String> row = new ArrayList<>(List.of("settled", Integer.toString(sequence.get()),
                Long.toString(requests.get()), Long.toString(serverErrors.get()), "0", Integer.toString(skipped.get())));
        columns(header, settled, row);
        Files.writeString(out, String.join(",", row) + "\n", java.nio.file.StandardOpenOption.APPEND);
        say("outcomes: %s", new TreeMap<>(outcomes));
        say("failures: %s %s", new TreeMap<>(failures), firstFailures);
        return serverErrors.get() == 0;
    }

    /** The sample's values in the header's columns (a value missing this minute is left empty). */
    private static void columns(List<String> header, Map<String, Long> sample, List<String> row) {
        for (String column : header.subList(row.size(), header.size())) {
            Long value = sample.get(column);
            row.add(value == null ? "" : Long.toString(value));
        }
    }

    private static Map<String, Long> pick(Map<String, Long> sample, String suffix) {
        Map<String, Long> picked = new LinkedHashMap<>();
        sample.forEach((k, v) -> {
            if (k.endsWith(suffix)) {
                picked.put(k.substring(0, k.length() - suffix.length() - 1), v);
            }
        });
        return picked;
    }

    // --- the load ---

    private Api.Response call(String step, Supplier<Api.Response> request, int... expected) {
        Api.Response response = request.get();
        requests.incrementAndGet();
        if (response.status() >= 500) {
            serverErrors.incrementAndGet();
        }
        for (int e : expected) {
            if (response.status() == e) {
                outcomes.computeIfAbsent(step + " " + e, k -> new AtomicInteger()).incrementAndGet();
                return response;
            }
        }
        fail(step + " " + response.status(), response.raw());
        throw new IllegalStateException(step + ": HTTP " + response.status());
    }

    private void fail(String what, String detail) {
        failures.computeIfAbsent(what, k -> new AtomicInteger()).incrementAndGet();
        if (firstFailures.size() < 20) {
            firstFailures.add(what + ": " + (detail == null ? "" : detail.substring(0, Math.min(300, detail.length()))));
        }
    }

    /** One household the whole way; n makes its KK number and its people unique in this run. */
    private void household(int n) throws InterruptedException {
        String village = villages.get(n % villages.size());
        String area = village.replace(".", "").substring(0, 6);
        boolean improving = n % 3 == 0;
        // People: serials 7000-8999 on a birth date that moves on every 2,000 households (demo people use 5001+).
        int serial = 7000 + n % 2000;
        int shift = run * 40 + n / 2000;
        LocalDate head = LocalDate.of(1970, 1, 1).plusDays(shift % 5000);
        LocalDate spouse = LocalDate.of(1985, 1, 1).plusDays(shift % 5000);
        LocalDate child = LocalDate.of(2013, 1, 1).plusDays(shift % 1500);
        String kk = area + String.format("9%03d%06d", run, n);
        Map<String, Object> household = Map.of("kkNumber", kk, "villageCode", village, "address", "Jl. Soak " + n,
                "welfareCategory", "MISKIN", "dtsenDecile", 2, "registrationSource", "OFFICER", "members", List.of(
                        member(nik(area, head, false, serial), "Kepala " + n, "M", head, "HEAD"),
                        member(nik(area, spouse, true, serial), "Istri " + n, "F", spouse, "SPOUSE"),
                        Map.of("nik", nik(area, child, false, serial), "name", "Anak " + n, "sex", "M",
                                "birthDate", child.toString(), "relationship", "CHILD", "educationLevel", "SD",
                                "schoolEnrolled", true)));
        String registry = "http://127.0.0.1:8081/api/v1/households";
        UUID id = UUID.fromString(call("register", () -> api.post(registry, officer(), household), 201).body()
                .path("id").asText());
        for (String status : List.of("VERIFIED", "ACTIVE")) {
            call("status " + status, () -> api.post(registry + "/" + id + "/status", officer(),
                    Map.of("status", status, "reason", "FIELD_VERIFICATION")), 200);
        }
        for (int m = 0; m < DemoData.MONTHS; m++) {
            long spent = improving ? 1_400_000 + m * 20_000L : 380_000;
            Map<String, Object> body = DemoScenario.observation(today.minusMonths(DemoData.MONTHS - 1 - m), spent,
                    improving ? 2 : 1, improving ? 500_000 : 0, improving, improving ? 3 : 2, true);
            call("indicators", () -> api.post(registry + "/" + id + "/indicators", officer(), body), 201);
        }
        call("read household", () -> api.get(registry + "/" + id, officer()), 200);
        call("read enrollments", () -> api.get("http://127.0.0.1:8082/api/v1/enrollments?householdId=" + id,
                officer()), 200);

        // Its pendamping, once mentoring has opened and assigned the case.
        JsonNode kase = DemoScenario.poll("a case with a pendamping for " + id, WAIT, Duration.ofMillis(500), () -> {
            Api.Response c = call("read case", () -> api.get("http://127.0.0.1:8083/api/v1/households/" + id
                    + "/case", supervisor()), 200, 404);
            return c.status() == 200 && !c.body().path("workerId").asText("").isEmpty() ? Optional.of(c.body())
                    : Optional.empty();
        });
        String worker = workerName(kase.path("workerId").asText());
        String workerToken = token(worker, "SOCIAL_WORKER", List.of(district(village)));
        call("visit", () -> api.post("http://127.0.0.1:8083/api/v1/visits/batch", workerToken, Map.of("visits",
                List.of(Map.of("id", UUID.nameUUIDFromBytes(("soak-visit-" + id).getBytes(StandardCharsets.UTF_8))
                        .toString(), "householdId", id.toString(), "visitedOn", today.toString(), "checklist",
                        Map.of("aidUsedAsIntended", true, "businessRunning", improving, "incomeReported", true,
                                "savingsKept", improving, "childrenAttendingSchool", true,
                                "healthChecksDone", true))))), 200);
        List<Map<String, Object>> scores = new ArrayList<>();
        for (AssessmentCriterion criterion : AssessmentCriterion.values()) {
            scores.add(Map.of("criterion", criterion.name(), "score", improving ? 85 : 50, "evidence", "home visit"));
        }
        call("assessment", () -> api.post("http://127.0.0.1:8083/api/v1/households/" + id + "/assessments",
                workerToken, Map.of("assessedOn", today.toString(), "scores", scores)), 201);

        // Graduation once it has heard every fact.
        String graduation = "http://127.0.0.1:8084/api/v1";
        DemoScenario.poll("graduation to hear every fact of " + id, WAIT, Duration.ofMillis(500), () -> {
            JsonNode view = call("read readiness", () -> api.get(graduation + "/households/" + id + "/readiness",
                    officer()), 200, 404).body();
            return view != null && view.path("facts").path("observations").size() >= DemoData.MONTHS
                    && view.path("facts").path("latestAssessment").isObject()
                    && "ACTIVE".equals(view.path("registryStatus").asText()) ? Optional.of(true) : Optional.empty();
        });
        call("evaluate", () -> api.post(graduation + "/households/" + id + "/evaluations", officer(), null), 201);
        if (!improving) {
            return;
        }
        JsonNode view = call("read readiness", () -> api.get(graduation + "/households/" + id + "/readiness",
                officer()), 200).body();
        String pathway = view.path("metPathway").asText("");
        if (pathway.isEmpty() || "null".equals(pathway)) {
            fail("not met", id + " " + view.path("notMetReasons"));
            return;
        }
        String reason = "GRADUASI_ALAMIAH".equals(pathway) ? "KOMPONEN_HABIS" : "EKONOMI_MEMBAIK";
        JsonNode proposal = call("propose", () -> api.post(graduation + "/proposals", officer(), Map.of(
                "householdId", id.toString(), "pathway", pathway, "evaluationId",
                view.path("lastEvaluationId").asText(), "reasonCode", reason)), 201).body();
        call("decide", () -> api.post(graduation + "/proposals/" + proposal.path("id").asText() + "/decision",
                supervisor(), Map.of("outcome", "GRADUATED", "reasons", List.of(reason)),
                "soak-decide-" + proposal.path("id").asText()), 200);
        if (n % 2 == 0) {
            JsonNode decisions = call("read decisions", () -> api.get(graduation + "/households/" + id
                    + "/decisions", supervisor()), 200).body();
            String decision = decisions.path(0).path("id").asText();
            // Reversed by a second supervisor: the one who decided may not undo it alone (four eyes).
            call("reverse", () -> api.post(graduation + "/decisions/" + decision + "/reversal",
                    token("soak-supervisor-2", "SUPERVISOR", EVERYWHERE), Map.of("reasonCode", "RELAPSE")), 200);
        }
    }

    private static Map<String, Object> member(String nik, String name, String sex, LocalDate born, String relationship) {
        return Map.of("nik", nik, "name", name, "sex", sex, "birthDate", born.toString(), "relationship", relationship);
    }

    private static String nik(String area, LocalDate born, boolean female, int serial) {
        return String.format("%s%02d%02d%02d%04d", area, born.getDayOfMonth() + (female ? 40 : 0),
                born.getMonthValue(), born.getYear() % 100, serial);
    }

    private final Map<String, String> workers = new ConcurrentHashMap<>();

    private String workerName(String workerId) {
        if (!workers.containsKey(workerId)) {
            for (String province : List.of("64", "65")) {
                for (JsonNode w : call("read workers", () -> api.get("http://127.0.0.1:8083/api/v1/social-workers"
                        + "?regionPrefix=" + province, supervisor()), 200).body()) {
                    workers.put(w.path("id").asText(), w.path("username").asText());
                }
            }
        }
        return workers.get(workerId);
    }

    /** The next free PKH tranche of the year, created, approved, dispatched and settled. */
    private void cycle() {
        try {
            String assistance = "http://127.0.0.1:8082/api/v1/disbursement-cycles";
            for (int t = 1; t <= 4; t++) {
                int tranche = t;
                Api.Response created = call("create cycle", () -> api.post(assistance, officer(),
                        Map.of("programme", "PKH", "year", today.getYear(), "tranche", tranche)), 201, 200);
                if (created.status() == 201) {
                    String cycle = created.body().path("id").asText();
                    call("approve cycle", () -> api.post(assistance + "/" + cycle + "/approval", supervisor(), null,
                            "soak-approve-" + cycle), 200);
                    call("dispatch cycle", () -> api.post(assistance + "/" + cycle + "/dispatch", officer(), null,
                            "soak-dispatch-" + cycle), 202);
                    say("PKH %d tranche %d: cycle %s approved and dispatched", today.getYear(), tranche, cycle);
                    return;
                }
            }
            say("every PKH tranche of %d has a cycle already: none created", today.getYear());
        } catch (RuntimeException e) {
            fail("cycle", e.getMessage());
        }
    }

    // --- the samples ---

    private Map<String, Long> sample() {
        Map<String, Long> sample = new LinkedHashMap<>();
        for (String service : SERVICES) {
            String name = service.replace("-service", "");
            // The launcher's own child: a test run beside it may run the same jar.
            Optional<ProcessHandle> process = launcher.stream().flatMap(ProcessHandle::descendants)
                    .filter(p -> p.info().commandLine()
                            .map(c -> c.contains(service + "/target/quarkus-app/quarkus-run.jar")).orElse(false))
                    .findFirst();
            if (process.isEmpty()) {
                continue;
            }
            long pid = process.get().pid();
            try {
                new ProcessBuilder("jcmd", Long.toString(pid), "GC.run").redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
                sample.put(name + "_heap_mb", heapUsed(service) / 1_048_576);
                Map<String, Long> status = procStatus(pid);
                sample.put(name + "_rss_mb", status.getOrDefault("VmRSS", 0L) / 1024);
                sample.put(name + "_threads", status.getOrDefault("Threads", 0L));
                try (var fds = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
                    sample.put(name + "_fds", fds.count());
                }
            } catch (Exception e) {
                fail("sample " + name, e.toString());
            }
        }
        try (Connection pg = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/postgres", "postgres", "")) {
            try (ResultSet r = pg.createStatement().executeQuery("select datname, count(*) from pg_stat_activity"
                    + " where datname in ('graduasi_registry', 'graduasi_assistance', 'graduasi_mentoring',"
                    + " 'graduasi_graduation', 'graduasi_dashboard') group by 1 order by 1")) {
                while (r.next()) {
                    sample.put(r.getString(1).replace("graduasi_", "") + "_pg_connections", r.getLong(2));
                }
            }
        } catch (Exception e) {
            fail("sample connections", e.toString());
        }
        for (String service : SERVICES) {
            String name = service.replace("-service", "");
            try (Connection db = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/graduasi_" + name,
                    "postgres", "")) {
                for (String table : List.of("outbox_event", "inbox_event", "audit_pending")) {
                    try (ResultSet r = db.createStatement().executeQuery("select count(*) from " + table)) {
                        r.next();
                        sample.put(name + "_" + table, r.getLong(1));
                    } catch (java.sql.SQLException missing) {
                        // the dashboard keeps no outbox or audit trail
                    }
                }
            } catch (Exception e) {
                fail("sample tables " + name, e.toString());
            }
        }
        sample.putAll(lag());
        return sample;
    }

    private long heapUsed(String service) {
        int port = 8081 + List.of(SERVICES).indexOf(service);
        String metrics = api.get("http://127.0.0.1:" + port + "/q/metrics", officer()).raw();
        return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToLong(l -> (long) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static Map<String, Long> procStatus(long pid) throws java.io.IOException {
        Map<String, Long> values = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            String[] parts = line.split(":\\s+");
            if (parts.length == 2 && (parts[0].equals("VmRSS") || parts[0].equals("Threads"))) {
                values.put(parts[0], Long.parseLong(parts[1].replace(" kB", "").trim()));
            }
        }
        return values;
    }

    /** Each consumer group's lag: records on its topics it has not yet committed. */
    private Map<String, Long> lag() {
        Map<String, Long> lag = new TreeMap<>();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", "127.0.0.1:9092"))) {
            for (ConsumerGroupListing group : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                committed.keySet().forEach(p -> latest.put(p, OffsetSpec.latest()));
                long behind = 0;
                for (var end : admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet()) {
                    OffsetAndMetadata at = committed.get(end.getKey());
                    behind += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
                }
                lag.put(group.groupId() + "_lag", behind);
            }
        } catch (Exception e) {
            fail("sample lag", e.toString());
        }
        return lag;
    }

    private static void say(String format, Object... args) {
        System.out.printf("[soak] %s %s%n", java.time.LocalTime.now(ZoneOffset.UTC).withNano(0),
                String.format(format, args));
        System.out.flush();
    }
}
