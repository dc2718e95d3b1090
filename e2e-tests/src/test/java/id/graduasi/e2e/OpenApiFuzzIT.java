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
import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.testing.TestTokens;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.EdgeCasesMode;
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
        platform = new E2ePlatform("fuzz");
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
