package id.graduasi.local.demo;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.IntStream;

import com.fasterxml.jackson.databind.JsonNode;

import id.graduasi.events.contract.AssessmentCriterion;

/**
 * The demo and end-to-end scenario over the four services' public APIs, as their users would drive them:
 * social workers per district → a bulk import of the generated households → field verification → monthly
 * indicators → PKH enrolment (automatic) → two PKH disbursement cycles, each created by an officer, approved by
 * a supervisor and paid by the provider → every family visited and assessed by its own pendamping → batch
 * evaluation → a proposal for every met pathway, decided by a second person → the decisions reach every
 * service. It ends by asking each service, household by household, where the family stands, and reports
 * whether they all agree.
 */
public final class DemoScenario {

    /** Signs a bearer token for a user with one role and the given region prefixes. */
    @FunctionalInterface
    public interface Tokens {
        String token(String user, String role, List<String> regions);
    }

    public record Urls(String registry, String assistance, String mentoring, String graduation) {
    }

    /** What each service says, in counts, and the households on which they disagree. */
    public record Report(int households, boolean ranBefore, int pkhEnrolled, long rupiahPaid, int visits,
            int evaluatedMet, int graduated, Map<String, Map<String, Integer>> statusCounts,
            List<String> disagreements, Duration took) {

        public boolean servicesAgree() {
            return disagreements.isEmpty();
        }

        public String describe() {
            StringBuilder s = new StringBuilder();
            if (ranBefore) {
                s.append(String.format("%,d households (the scenario ran before: agreement checked only); %,d graduated"
                        + " (%.1f s)%n", households, graduated, took.toMillis() / 1000.0));
            } else {
                s.append(String.format("%,d households; PKH enrolled %,d; paid Rp %,d in two tranches; %,d visits;"
                        + " %,d met a pathway; %,d graduated (%.1f s)%n", households, pkhEnrolled, rupiahPaid, visits,
                        evaluatedMet, graduated, took.toMillis() / 1000.0));
            }
            s.append(String.format("%-12s %12s %12s %12s %12s%n", "", "registry", "assistance", "mentoring",
                    "graduation"));
            for (String status : List.of("graduated", "in programme")) {
                s.append(String.format("%-12s", status));
                for (String service : List.of("registry", "assistance", "mentoring", "graduation")) {
                    s.append(String.format(" %12d", statusCounts.get(service).getOrDefault(status, 0)));
                }
                s.append('\n');
            }
            s.append(servicesAgree() ? "All four services agree on every household.\n"
                    : disagreements.size() + " households on which the services disagree, e.g. "
                            + disagreements.subList(0, Math.min(5, disagreements.size())) + "\n");
            return s.toString();
        }
    }

    private static final int THREADS = 8;
    private static final List<String> EVERYWHERE = List.of("*");

    private final Urls urls;
    private final Tokens tokens;
    private final DemoData data;
    private final int households;
    private final long seed;
    private final Path workDir;
    private final Consumer<String> say;
    private final Api api = new Api();
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    /** The demo households' registry status by KK number, as last listed. */
    private final Map<String, String> statuses = new ConcurrentHashMap<>();

    public DemoScenario(Urls urls, Tokens tokens, Path root, int households, long seed, Path workDir,
            Consumer<String> say) {
        this.urls = urls;
        // Signing is the costly part of a call: one token per user and role for the whole run (they last hours).
        Map<String, String> signed = new ConcurrentHashMap<>();
        this.tokens = (user, role, regions) -> signed.computeIfAbsent(user + " " + role + " " + regions,
                k -> tokens.token(user, role, regions));
        this.data = new DemoData(root, seed);
        this.households = households;
        this.seed = seed;
        this.workDir = workDir;
        long started = System.nanoTime();
        this.say = line -> say.accept(String.format("%6.1f s  %s", (System.nanoTime() - started) / 1e9, line));
    }

    private String officer() {
        return tokens.token("demo-officer", "OFFICER", EVERYWHERE);
    }

    private String supervisor() {
        return tokens.token("demo-supervisor", "SUPERVISOR", EVERYWHERE);
    }

    private String auditor() {
        return tokens.token("demo-auditor", "AUDITOR", EVERYWHERE);
    }

    static String workerName(String district) {
        return "pendamping-" + district.replace(".", "");
    }

    /**
     * The demo dataset alone (what {@code ./graduasi up} loads): a pendamping per district and the households,
     * imported as REGISTERED. Safe to repeat: the same file is imported once.
     */
    public Map<String, UUID> load() throws Exception {
        registerWorkers();
        Map<String, UUID> ids = householdIds();
        if (ids.size() != households) {
            // Not when a larger demo loaded them already (./graduasi up, then ./graduasi demo 200): the registry
            // would refuse them as duplicates.
            importHouseholds();
            ids = householdIds();
        }
        if (ids.size() != households) {
            throw new IllegalStateException("the registry holds " + ids.size() + " of the " + households
                    + " demo households");
        }
        return ids;
    }

    /**
     * The whole scenario. When the demo households have moved on already (the scenario ran on this platform
     * before), it only asks the services whether they agree.
     */
    public Report run() throws Exception {
        long start = System.nanoTime();
        List<DemoData.Plan> plans = IntStream.range(0, households).mapToObj(data::plan).toList();
        Map<String, UUID> ids = load();
        Map<String, String> workers = workersById();
        boolean ranBefore = !statuses.values().stream().allMatch("REGISTERED"::equals);
        int pkh = 0;
        long paid = 0;
        int visits = 0;
        int met = 0;
        int graduated = 0;
        if (!ranBefore) {
            verify(plans, ids);
            recordIndicators(plans, ids);
            pkh = awaitEnrollments(ids);
            paid += payTranche();
            paid += payTranche();
            visits = visitAndAssess(plans, ids, workers);
            met = evaluate(ids);
            graduated = proposeAndDecide(ids);
        } else {
            say.accept("the demo households were taken through the scenario before: checking agreement only "
                    + "(drop the local databases and .graduasi/kafka to start afresh)");
        }
        return compare(ids, ranBefore, pkh, paid, visits, met, graduated, start);
    }

    /** One pendamping per district the households live in, covering it. */
    private void registerWorkers() {
        List<String> districts = List.copyOf(data.districts(households));
        say.accept("registering " + districts.size() + " social workers, one per district");
        Api.parallel(districts, THREADS, district -> api.post(urls.mentoring() + "/api/v1/social-workers",
                supervisor(), Map.of("username", workerName(district), "capacity", 400, "areas", List.of(district)))
                .expect(201, 409));
    }

    /** The workers' usernames by id, for reading which worker a case went to. */
    private Map<String, String> workersById() {
        Map<String, String> byId = new HashMap<>();
        for (String province : List.of("64", "65")) {
            for (JsonNode w : api.get(urls.mentoring() + "/api/v1/social-workers?regionPrefix=" + province,
                    supervisor()).expect(200).body()) {
                byId.put(w.path("id").asText(), w.path("username").asText());
            }
        }
        return byId;
    }

    private void importHouseholds() throws Exception {
        Files.createDirectories(workDir);
        Path csv = workDir.resolve("households-" + households + "-seed-" + seed + ".csv");
        long rows = data.writeImportCsv(households, csv);
        say.accept("importing " + households + " households (" + rows + " people) from " + csv);
        Api.Response job = api.upload(urls.registry() + "/api/v1/imports", officer(), csv).expect(200, 202);
        String id = job.body().path("id").asText();
        boolean before = job.status() == 200;
        JsonNode state = poll("import " + id + " to complete", Duration.ofMinutes(30), Duration.ofMillis(500), () -> {
            JsonNode now = api.get(urls.registry() + "/api/v1/imports/" + id, officer()).expect(200).body();
            if ("FAILED".equals(now.path("status").asText())) {
                throw new IllegalStateException("import " + id + " failed: " + now);
            }
            return "COMPLETED".equals(now.path("status").asText()) ? Optional.of(now) : Optional.empty();
        });
        if (state.path("householdsFailed").asInt() != 0 && !before) {
            throw new IllegalStateException("import " + id + " refused households: " + state);
        }
    }

    private Map<String, UUID> householdIds() {
        Map<String, UUID> ids = new ConcurrentHashMap<>();
        for (String province : List.of("64", "65")) {
            String after = null;
            do {
                JsonNode page = api.get(urls.registry() + "/api/v1/households?region=" + province + "&limit=200"
                        + (after == null ? "" : "&after=" + after), officer()).expect(200).body();
                for (JsonNode h : page.path("items")) {
                    ids.put(h.path("kkNumber").asText(), UUID.fromString(h.path("id").asText()));
                    statuses.put(h.path("kkNumber").asText(), h.path("status").asText());
                }
                after = page.path("nextCursor").isNull() ? null : page.path("nextCursor").asText(null);
            } while (after != null);
        }
        java.util.Set<String> demo = new java.util.HashSet<>(
                IntStream.range(0, households).mapToObj(i -> data.plan(i).kk()).toList());
        ids.keySet().retainAll(demo);
        statuses.keySet().retainAll(demo);
        return ids;
    }

    /** Field verification: REGISTERED → VERIFIED → ACTIVE. */
    private void verify(List<DemoData.Plan> plans, Map<String, UUID> ids) {
        say.accept("verifying the households in the field (REGISTERED → VERIFIED → ACTIVE)");
        Api.parallel(plans, THREADS, plan -> {
            for (String status : List.of("VERIFIED", "ACTIVE")) {
                api.post(urls.registry() + "/api/v1/households/" + ids.get(plan.kk()) + "/status", officer(),
                        Map.of("status", status, "reason", "FIELD_VERIFICATION")).expect(200);
            }
            return null;
        });
    }

    /** Seven monthly observations, the last today, following each household's plan. */
    private void recordIndicators(List<DemoData.Plan> plans, Map<String, UUID> ids) {
        say.accept("recording " + DemoData.MONTHS + " months of welfare indicators per household");
        Api.parallel(plans, THREADS, plan -> {
            for (int m = 0; m < DemoData.MONTHS; m++) {
                long spent = plan.expenditure()[m];
                Map<String, Object> body = observation(today.minusMonths(DemoData.MONTHS - 1 - m), spent,
                        plan.incomeSources(), plan.savings(), plan.businessActive(),
                        spent > plan.povertyLine() ? 3 : 2, plan.decentHouse());
                api.post(urls.registry() + "/api/v1/households/" + ids.get(plan.kk()) + "/indicators", officer(),
                        body).expect(201);
            }
            return null;
        });
    }

    /** The body of an indicator observation: spending per head (income a tenth above it) and the house. */
    public static Map<String, Object> observation(LocalDate observedOn, long spent, int incomeSources, long savings,
            boolean businessActive, int mealsPerDay, boolean decentHouse) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("observedOn", observedOn.toString());
        body.put("incomePerCapitaMonth", spent + spent / 10);
        body.put("expenditurePerCapitaMonth", spent);
        body.put("incomeSources", incomeSources);
        body.put("savings", savings);
        body.put("businessActive", businessActive);
        body.put("mealsPerDay", mealsPerDay);
        body.put("floorAreaPerPerson", decentHouse ? 9.5 : 6.0);
        body.put("floorMaterial", decentHouse ? "CEMENT" : "EARTH");
        body.put("wallMaterial", decentHouse ? "PLASTERED_BRICK" : "BAMBOO");
        body.put("wallCondition", decentHouse ? "GOOD" : "DAMAGED");
        body.put("roofCondition", decentHouse ? "GOOD" : "DAMAGED");
        body.put("drinkingWater", decentHouse ? "PIPED" : "UNPROTECTED_WELL");
        body.put("sanitation", decentHouse ? "OWN_TOILET" : "SHARED_TOILET");
        body.put("electricity", "PLN_METERED");
        return body;
    }

    /** Waits until assistance has heard of every household; returns how many have an ACTIVE PKH enrollment. */
    private int awaitEnrollments(Map<String, UUID> ids) throws InterruptedException {
        say.accept("waiting for assistance to enroll the families PKH covers");
        List<UUID> all = new ArrayList<>(ids.values());
        poll("assistance to hear of every household", Duration.ofMinutes(5), Duration.ofSeconds(1),
                () -> Api.parallel(all, THREADS, id -> api.get(urls.assistance() + "/api/v1/households/" + id,
                        officer()).status() == 200).stream().allMatch(known -> known)
                                ? Optional.of(true) : Optional.empty());
        return Api.parallel(all, THREADS, id -> {
            for (JsonNode e : api.get(urls.assistance() + "/api/v1/enrollments?householdId=" + id, officer())
                    .expect(200).body()) {
                if ("PKH".equals(e.path("programme").asText()) && "ACTIVE".equals(e.path("status").asText())) {
                    return 1;
                }
            }
            return 0;
        }).stream().mapToInt(Integer::intValue).sum();
    }

    /** The next free PKH tranche of the year: created, approved by a second person, dispatched, paid. */
    private long payTranche() throws InterruptedException {
        int year = today.getYear();
        Api.Response created = null;
        int tranche = 0;
        for (int t = 1; t <= 4 && created == null; t++) {
            Api.Response r = api.post(urls.assistance() + "/api/v1/disbursement-cycles", officer(),
                    Map.of("programme", "PKH", "year", year, "tranche", t));
            if (r.status() == 201) {
                created = r;
                tranche = t;
            } else {
                r.expect(200); // that tranche's cycle exists already: the next one
            }
        }
        if (created == null) {
            throw new IllegalStateException("every PKH tranche of " + year + " already has a cycle");
        }
        String cycle = created.body().path("id").asText();
        say.accept("PKH " + year + " tranche " + tranche + ": cycle created by demo-officer, approved by "
                + "demo-supervisor, sent to the payment provider");
        api.post(urls.assistance() + "/api/v1/disbursement-cycles/" + cycle + "/approval", supervisor(), null,
                "demo-approve-" + cycle).expect(200);
        api.post(urls.assistance() + "/api/v1/disbursement-cycles/" + cycle + "/dispatch", officer(), null,
                "demo-dispatch-" + cycle).expect(202);
        long paid = poll("cycle " + cycle + " to be settled", Duration.ofMinutes(10), Duration.ofSeconds(1), () -> {
            long sum = 0;
            for (JsonNode row : api.get(urls.assistance() + "/api/v1/disbursement-cycles/" + cycle
                    + "/reconciliation", officer()).expect(200).body()) {
                String status = row.path("status").asText();
                if (status.equals("PAID")) {
                    sum += row.path("amount").asLong();
                } else if (!status.equals("CANCELLED") && !status.equals("FAILED")) {
                    return Optional.empty();
                }
            }
            return Optional.of(sum);
        });
        say.accept(String.format("tranche %d paid: Rp %,d", tranche, paid));
        return paid;
    }

    /** Each family's own pendamping visits it after payday and assesses it, through the offline-sync batch. */
    private int visitAndAssess(List<DemoData.Plan> plans, Map<String, UUID> ids, Map<String, String> workers)
            throws InterruptedException {
        say.accept("waiting for every case to have its pendamping");
        Map<UUID, String> workerOf = new ConcurrentHashMap<>();
        poll("every case to have its pendamping", Duration.ofMinutes(5), Duration.ofSeconds(1), () -> {
            Api.parallel(plans, THREADS, plan -> {
                UUID id = ids.get(plan.kk());
                if (!workerOf.containsKey(id)) {
                    JsonNode c = api.get(urls.mentoring() + "/api/v1/households/" + id + "/case", supervisor()).body();
                    String worker = c == null ? null : workers.get(c.path("workerId").asText(""));
                    if (worker != null) {
                        workerOf.put(id, worker);
                    }
                }
                return null;
            });
            return workerOf.size() == plans.size() ? Optional.of(true) : Optional.empty();
        });
        Map<String, List<DemoData.Plan>> byWorker = new TreeMap<>();
        plans.forEach(p -> byWorker.computeIfAbsent(workerOf.get(ids.get(p.kk())), w -> new ArrayList<>()).add(p));
        say.accept("the pendamping visit and assess their " + plans.size() + " families (offline sync batches)");
        List<Integer> recorded = Api.parallel(new ArrayList<>(byWorker.entrySet()), THREADS, entry -> {
            String token = tokens.token(entry.getKey(), "SOCIAL_WORKER", List.of(entry.getValue().get(0).district()));
            int count = 0;
            for (int from = 0; from < entry.getValue().size(); from += 200) {
                List<Map<String, Object>> visits = new ArrayList<>();
                for (DemoData.Plan plan : entry.getValue().subList(from, Math.min(entry.getValue().size(), from + 200))) {
                    boolean doingWell = plan.assessmentScore() >= 70;
                    visits.add(Map.of("id", UUID.nameUUIDFromBytes(("demo-visit-" + seed + "-" + plan.index())
                                    .getBytes(StandardCharsets.UTF_8)).toString(),
                            "householdId", ids.get(plan.kk()).toString(), "visitedOn", today.toString(),
                            "checklist", Map.of("aidUsedAsIntended", true, "businessRunning", plan.businessActive(),
                                    "incomeReported", true, "savingsKept", plan.savings() > 0,
                                    "childrenAttendingSchool", !plan.childOutOfSchool(), "healthChecksDone", doingWell)));
                }
                JsonNode result = api.post(urls.mentoring() + "/api/v1/visits/batch", token, Map.of("visits", visits))
                        .expect(200).body();
                if (result.path("rejected").asInt() != 0) {
                    throw new IllegalStateException("visits rejected: " + result);
                }
                count += result.path("recorded").asInt() + result.path("replayed").asInt();
            }
            for (DemoData.Plan plan : entry.getValue()) {
                List<Map<String, Object>> scores = new ArrayList<>();
                for (AssessmentCriterion criterion : AssessmentCriterion.values()) {
                    int score = Math.max(0, Math.min(100, plan.assessmentScore() + (criterion.ordinal() % 3) * 2 - 2));
                    scores.add(Map.of("criterion", criterion.name(), "score", score, "evidence", "home visit"));
                }
                api.post(urls.mentoring() + "/api/v1/households/" + ids.get(plan.kk()) + "/assessments", token,
                        Map.of("assessedOn", today.toString(), "scores", scores)).expect(201);
            }
            return count;
        });
        return recorded.stream().mapToInt(Integer::intValue).sum();
    }

    /** Waits until graduation has every household's indicators and assessment, then evaluates them in batch. */
    private int evaluate(Map<String, UUID> ids) throws InterruptedException {
        say.accept("waiting for graduation to see every household's indicators and assessment");
        List<UUID> all = new ArrayList<>(ids.values());
        poll("graduation to have every household's facts", Duration.ofMinutes(5), Duration.ofSeconds(1),
                () -> Api.parallel(all, THREADS, id -> {
                JsonNode view = api.get(urls.graduation() + "/api/v1/households/" + id + "/readiness", officer())
                        .body();
                return view != null && view.path("facts").path("observations").size() >= DemoData.MONTHS
                        && !view.path("facts").path("latestAssessment").isMissingNode()
                        && !view.path("facts").path("latestAssessment").isNull()
                        && "ACTIVE".equals(view.path("registryStatus").asText());
            }).stream().allMatch(ready -> ready) ? Optional.of(true) : Optional.empty());
        int met = 0;
        for (String province : List.of("64", "65")) {
            String job = api.post(urls.graduation() + "/api/v1/evaluation-jobs", officer(),
                    Map.of("regionPrefix", province)).expect(202).body().path("id").asText();
            JsonNode state = poll("evaluation job " + job, Duration.ofMinutes(10), Duration.ofMillis(500), () -> {
                JsonNode now = api.get(urls.graduation() + "/api/v1/evaluation-jobs/" + job, officer()).expect(200)
                        .body();
                return "DONE".equals(now.path("status").asText()) ? Optional.of(now) : Optional.empty();
            });
            say.accept("evaluated province " + province + ": " + state.path("done").asInt() + " households, "
                    + state.path("met").asInt() + " met a pathway");
            met += state.path("met").asInt();
        }
        return met;
    }

    /** A proposal for every met pathway by the officer; the supervisor decides (four eyes). */
    private int proposeAndDecide(Map<String, UUID> ids) {
        List<Integer> decided = Api.parallel(new ArrayList<>(ids.values()), THREADS, id -> {
            JsonNode view = api.get(urls.graduation() + "/api/v1/households/" + id + "/readiness", officer())
                    .expect(200).body();
            String pathway = view.path("metPathway").asText("");
            if (pathway.isEmpty() || pathway.equals("null") || pathway.equals("ADMINISTRATIVE_EXIT")) {
                return 0;
            }
            Api.Response proposal = api.post(urls.graduation() + "/api/v1/proposals", officer(), Map.of(
                    "householdId", id.toString(), "pathway", pathway, "evaluationId",
                    view.path("lastEvaluationId").asText(), "reasonCode", reason(pathway)));
            if (proposal.status() != 201) {
                return 0;
            }
            Api.Response decision = api.post(urls.graduation() + "/api/v1/proposals/"
                    + proposal.body().path("id").asText() + "/decision", supervisor(),
                    Map.of("outcome", "GRADUATED", "reasons", List.of(reason(pathway))),
                    "demo-decide-" + proposal.body().path("id").asText());
            // 409: the fresh evaluation at decision time no longer meets the pathway; the household stays.
            return decision.expect(200, 409).status() == 200 ? 1 : 0;
        });
        int graduated = decided.stream().mapToInt(Integer::intValue).sum();
        say.accept(graduated + " households graduated (proposed by demo-officer, decided by demo-supervisor)");
        return graduated;
    }

    private static String reason(String pathway) {
        return pathway.equals("GRADUASI_ALAMIAH") ? "KOMPONEN_HABIS" : "EKONOMI_MEMBAIK";
    }

    /**
     * Asks {@code check} every {@code every} until it gives a value; fails naming {@code what} after {@code timeout}.
     * The scenario is an HTTP client on its own threads, so waiting here blocks nothing of the services.
     */
    static <T> T poll(String what, Duration timeout, Duration every, Supplier<Optional<T>> check)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> value = check.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("gave up waiting for " + what + " after " + timeout);
            }
            Thread.sleep(every.toMillis());
        }
    }

    /**
     * Asks every service about every household until they agree (events take a moment to travel) or two minutes
     * pass: graduated means registry GRADUATED, no active assistance enrollment and its projection GRADUATED, a
     * mentoring case under MONITORING, and a graduation decision in force.
     */
    private Report compare(Map<String, UUID> ids, boolean ranBefore, int pkh, long paid, int visits, int met,
            int graduated, long start) throws InterruptedException {
        say.accept("asking every service where each household stands");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();
            List<String> disagreements = new ArrayList<>();
            List<boolean[]> views = Api.parallel(new ArrayList<>(ids.values()), THREADS, id -> new boolean[] {
                    "GRADUATED".equals(api.get(urls.registry() + "/api/v1/households/" + id, auditor()).expect(200)
                            .body().path("status").asText()),
                    assistanceSaysGraduated(id),
                    "MONITORING".equals(api.get(urls.mentoring() + "/api/v1/households/" + id + "/case", auditor())
                            .expect(200).body().path("status").asText()),
                    "GRADUATED".equals(api.get(urls.graduation() + "/api/v1/households/" + id + "/readiness",
                            auditor()).expect(200).body().path("decisionStatus").asText())});
            List<String> services = List.of("registry", "assistance", "mentoring", "graduation");
            services.forEach(s -> counts.put(s, new TreeMap<>()));
            List<UUID> order = new ArrayList<>(ids.values());
            for (int i = 0; i < views.size(); i++) {
                boolean[] v = views.get(i);
                for (int s = 0; s < 4; s++) {
                    counts.get(services.get(s)).merge(v[s] ? "graduated" : "in programme", 1, Integer::sum);
                }
                if (!(v[0] == v[1] && v[1] == v[2] && v[2] == v[3])) {
                    disagreements.add(order.get(i) + " " + java.util.Arrays.toString(v));
                }
            }
            if (disagreements.isEmpty() || System.nanoTime() > deadline) {
                int graduatedNow = counts.get("graduation").getOrDefault("graduated", 0);
                return new Report(ids.size(), ranBefore, pkh, paid, visits, met,
                        ranBefore ? graduatedNow : graduated, counts, disagreements,
                        Duration.ofNanos(System.nanoTime() - start));
            }
            Thread.sleep(2000);
        }
    }

    private boolean assistanceSaysGraduated(UUID id) {
        JsonNode projection = api.get(urls.assistance() + "/api/v1/households/" + id, auditor()).expect(200).body();
        boolean anyActive = false;
        for (JsonNode e : api.get(urls.assistance() + "/api/v1/enrollments?householdId=" + id, auditor())
                .expect(200).body()) {
            anyActive |= "ACTIVE".equals(e.path("status").asText());
        }
        return "GRADUATED".equals(projection.path("status").asText()) && !anyActive;
    }
}
