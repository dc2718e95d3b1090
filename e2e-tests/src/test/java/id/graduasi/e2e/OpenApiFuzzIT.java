package id.graduasi.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import id.graduasi.e2e.fuzz.FuzzTarget;
import id.graduasi.e2e.fuzz.HostileRequests;
import id.graduasi.e2e.fuzz.OpenApi;
import id.graduasi.e2e.fuzz.OversizedBody;
import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestTokens;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.Example;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Issue #17, bad input: every operation of every service, read from the service's own {@code /q/openapi}, fuzzed
 * with hostile requests (jqwik generates them from a fixed seed, so a run is reproducible) carrying tokens of every
 * role. No 5xx, no request left without an answer, every 4xx problem+json naming the problem.
 *
 * <p>Requests per service: {@code jqwik.tries.default} (2,000 in src/test/resources/junit-platform.properties for
 * the build; {@code bench/faults/fuzz.sh} runs 10,000). Defects are counted over the whole run rather than stopping
 * at the first, and the report (target/fuzz-report.txt) shows the first of them with the request that caused each.
 */
class OpenApiFuzzIT {

    /** Roles × regions: a national token, a province's, a partner client's, and tokens for other APIs. */
    static List<String> tokens() {
        List<String> tokens = new ArrayList<>();
        tokens.add(TestTokens.staff());
        for (String role : List.of("ADMIN", "SUPERVISOR", "OFFICER", "SOCIAL_WORKER", "PARTNER", "AUDITOR")) {
            tokens.add(TestTokens.token("fuzz-" + role.toLowerCase(), Set.of(role), Set.of("*")));
            tokens.add(TestTokens.token("fuzz-" + role.toLowerCase() + "-64", Set.of(role), Set.of("64")));
        }
        tokens.add(TestTokens.client("fuzz-partner", Set.of("PARTNER"), Set.of("64"), Set.of("PKH")));
        tokens.add(TestTokens.foreign("fuzz-foreign", Set.of("ADMIN")));
        tokens.add(TestTokens.forAudience("another-api", "fuzz-other", Set.of("ADMIN")));
        return tokens;
    }

    private static E2ePlatform platform;
    private static final Map<Service, FuzzTarget> TARGETS = new EnumMap<>(Service.class);
    private static final Map<Service, OpenApi> APIS = new EnumMap<>(Service.class);
    private static FuzzTarget current;

    @BeforeContainer
    static void startThePlatform() throws Exception {
        platform = new E2ePlatform("fuzz", TestInfrastructure.get().bootstrapServers(), List.of(Service.values()));
        for (Service service : Service.values()) {
            FuzzTarget target = new FuzzTarget(service.module, platform.url(service), platform.process(service).pid());
            TARGETS.put(service, target);
            APIS.put(service, OpenApi.parse(target.openApi()));
        }
    }

    @AfterContainer
    static void stopThePlatform() throws Exception {
        if (!TARGETS.isEmpty()) {
            StringBuilder report = new StringBuilder();
            TARGETS.values().forEach(t -> report.append(t.report()));
            System.out.print(report);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fuzz-report.txt"), report);
        }
        if (platform != null) {
            platform.close();
        }
    }

    @AfterProperty
    void noDefects() {
        FuzzTarget target = current;
        current = null;
        if (target != null) {
            target.awaitIdle();
        }
        if (target != null && target.defects() > 0) {
            throw new AssertionError("the fuzz run found defects:\n" + target.report());
        }
    }

    @Property(seed = "17", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void registry(@ForAll("registryRequests") HostileRequests.FuzzRequest request) {
        fuzz(Service.REGISTRY, request);
    }

    @Property(seed = "17", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void assistance(@ForAll("assistanceRequests") HostileRequests.FuzzRequest request) {
        fuzz(Service.ASSISTANCE, request);
    }

    @Property(seed = "17", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void mentoring(@ForAll("mentoringRequests") HostileRequests.FuzzRequest request) {
        fuzz(Service.MENTORING, request);
    }

    @Property(seed = "17", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void graduation(@ForAll("graduationRequests") HostileRequests.FuzzRequest request) {
        fuzz(Service.GRADUATION, request);
    }

    @Property(seed = "17", shrinking = ShrinkingMode.OFF, edgeCases = EdgeCasesMode.NONE)
    void dashboard(@ForAll("dashboardRequests") HostileRequests.FuzzRequest request) {
        fuzz(Service.DASHBOARD, request);
    }

    /**
     * Oversized bodies are refused before they are read, and the service's memory does not grow with them:
     * {@code graduasi.fuzz.oversized.large} bodies of 100 MB and {@code graduasi.fuzz.oversized.medium} of 10 MB
     * per service, and a {@code graduasi.fuzz.import-mb} upload to the registry's bulk import (the one path that
     * takes large bodies: streamed to disk). Resident memory is sampled every 20 ms meanwhile.
     */
    @Example
    void oversizedBodiesAreRefusedWithoutGrowingTheServicesMemory() throws Exception {
        int large = Integer.getInteger("graduasi.fuzz.oversized.large", 2);
        int medium = Integer.getInteger("graduasi.fuzz.oversized.medium", 10);
        long importBytes = Long.getLong("graduasi.fuzz.import-mb", 100) * 1024 * 1024;
        String token = TestTokens.staff();
        List<String> defects = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (Service service : Service.values()) {
            FuzzTarget target = TARGETS.get(service);
            // The first JSON POST of the API; the dashboard, which only answers GETs, its first path.
            String path = APIS.get(service).operations().stream()
                    .filter(op -> op.method().equals("POST") && !op.path().contains("{")
                            && op.mediaTypes().contains("application/json") && op.path().startsWith("/api/"))
                    .map(OpenApi.Operation::path).findFirst()
                    .orElseGet(() -> APIS.get(service).operations().stream().map(OpenApi.Operation::path)
                            .filter(p -> p.startsWith("/api/") && !p.contains("{")).findFirst().orElseThrow());
            java.net.URI url = java.net.URI.create(platform.url(service));
            long before = target.rssKb("VmRSS");
            long[] peak = {before};
            java.util.concurrent.atomic.AtomicBoolean sampling = new java.util.concurrent.atomic.AtomicBoolean(true);
            Thread sampler = new Thread(() -> {
                while (sampling.get()) {
                    peak[0] = Math.max(peak[0], target.rssKb("VmRSS"));
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.start();
            long started = System.nanoTime();
            List<long[]> sizes = new ArrayList<>();
            for (int i = 0; i < large; i++) {
                sizes.add(new long[] {100L * 1024 * 1024});
            }
            for (int i = 0; i < medium; i++) {
                sizes.add(new long[] {10L * 1024 * 1024});
            }
            for (long[] size : sizes) {
                OversizedBody.Answer answer = OversizedBody.send(url.getHost(), url.getPort(), path, token,
                        "application/json", size[0]);
                if (answer.status() != 413 || !answer.contentType().startsWith("application/problem+json")
                        || !answer.body().contains("\"detail\"")) {
                    defects.add(service.module + " " + path + " " + size[0] / (1024 * 1024) + " MB: "
                            + answer.describe());
                }
            }
            String uploadAnswer = "";
            if (service == Service.REGISTRY && importBytes > 0) {
                OversizedBody.Answer answer = OversizedBody.send(url.getHost(), url.getPort(), "/api/v1/imports",
                        token, "text/csv", importBytes);
                // Not a valid import (no header row): refused once read, as a problem, and never a 5xx.
                boolean accepted = answer.status() >= 200 && answer.status() < 300;
                boolean refused = answer.status() >= 400 && answer.status() < 500
                        && answer.contentType().startsWith("application/problem+json");
                uploadAnswer = "    the upload: " + answer.status() + ' '
                        + answer.body().substring(0, Math.min(200, answer.body().length())) + '\n';
                if (!accepted && !refused) {
                    defects.add(service.module + " upload of " + importBytes / (1024 * 1024) + " MB: "
                            + answer.describe());
                }
            }
            sampling.set(false);
            sampler.join();
            long grewMb = (peak[0] - before) / 1024;
            report.append(String.format("%-20s %d x 100 MB + %d x 10 MB%s refused in %.1f s; RSS before %d MB, max"
                    + " during %d MB (+%d MB), peak since start (VmHWM) %d MB%n", service.module, large, medium,
                    service == Service.REGISTRY ? " (+ a " + importBytes / (1024 * 1024) + " MB upload)" : "",
                    (System.nanoTime() - started) / 1e9, before / 1024, peak[0] / 1024, grewMb,
                    target.rssKb("VmHWM") / 1024)).append(uploadAnswer);
            // A body held in memory would add its own size (100 MB); the JVM's ordinary growth stays far below.
            if (grewMb > 64) {
                defects.add(service.module + ": resident memory grew by " + grewMb + " MB");
            }
        }
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "oversized-report.txt"), report);
        if (!defects.isEmpty()) {
            throw new AssertionError("oversized bodies:\n" + String.join("\n", defects) + "\n" + report);
        }
    }

    @Provide
    Arbitrary<HostileRequests.FuzzRequest> registryRequests() {
        return requests(Service.REGISTRY);
    }

    @Provide
    Arbitrary<HostileRequests.FuzzRequest> assistanceRequests() {
        return requests(Service.ASSISTANCE);
    }

    @Provide
    Arbitrary<HostileRequests.FuzzRequest> mentoringRequests() {
        return requests(Service.MENTORING);
    }

    @Provide
    Arbitrary<HostileRequests.FuzzRequest> graduationRequests() {
        return requests(Service.GRADUATION);
    }

    @Provide
    Arbitrary<HostileRequests.FuzzRequest> dashboardRequests() {
        return requests(Service.DASHBOARD);
    }

    private static Arbitrary<HostileRequests.FuzzRequest> requests(Service service) {
        // Ordinary bodies are limited to 1 MB (platform-security's RequestSizeLimit).
        return new HostileRequests(APIS.get(service), tokens(), 1024 * 1024).requests();
    }

    /** Never fails here: a defect is counted, and the property fails after its last try (noDefects). */
    private static void fuzz(Service service, HostileRequests.FuzzRequest request) {
        current = TARGETS.get(service);
        current.send(request);
    }
}
