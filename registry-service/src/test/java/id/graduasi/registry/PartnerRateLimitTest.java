package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * A partner agency's machine client has a token bucket of its own: a burst beyond it is 429 problem+json with
 * Retry-After, while another partner and staff carry on. A small, slowly refilled bucket (5 requests, one more every
 * 100 seconds) keeps the outcome independent of how fast this machine answers.
 */
@QuarkusTest
@TestProfile(PartnerRateLimitTest.SmallBucket.class)
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class PartnerRateLimitTest {

    public static class SmallBucket implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("graduasi.security.partner-rate.capacity", "5",
                    "graduasi.security.partner-rate.per-second", "0.01");
        }
    }

    private static final int BURST = 12;

    @Test
    void aPartnerBeyondItsBucketGets429WithRetryAfterWhileOthersCarryOn() {
        String greedy = TestTokens.token("partner-greedy", Set.of(Roles.PARTNER), Set.of("64"), Set.of("PKH"));
        int limited = 0;
        Response first429 = null;
        for (int i = 0; i < BURST; i++) {
            Response r = as(greedy).get("/api/v1/households?region=64&limit=1");
            if (r.statusCode() == 429) {
                limited++;
                first429 = first429 == null ? r : first429;
            } else {
                assertEquals(200, r.statusCode(), r.asString());
            }
        }
        assertEquals(BURST - 5, limited, "the requests beyond the bucket of 5");
        assertTrue(String.valueOf(first429.contentType()).startsWith("application/problem+json"),
                first429.contentType());
        assertTrue(Integer.parseInt(first429.header("Retry-After")) >= 1, first429.header("Retry-After"));

        String other = TestTokens.token("partner-other", Set.of(Roles.PARTNER), Set.of("64"), Set.of("PKH"));
        assertEquals(200, as(other).get("/api/v1/households?region=64&limit=1").statusCode());
        String staff = TestTokens.token("officer-busy", Set.of(Roles.OFFICER), Set.of("64"));
        for (int i = 0; i < BURST; i++) {
            assertEquals(200, as(staff).get("/api/v1/households?region=64&limit=1").statusCode(), "staff request " + i);
        }
    }
}
