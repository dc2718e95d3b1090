package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import id.graduasi.security.CachingJwtParser;
import id.graduasi.security.Roles;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.arc.ClientProxy;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.auth.principal.JWTParser;

/** Requests are authenticated through the parser that verifies each distinct bearer token once. */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class BearerTokenCacheTest {

    @Inject
    JWTParser parser;

    @Test
    void bearerTokensAreParsedByTheCachingParser() {
        assertInstanceOf(CachingJwtParser.class, ClientProxy.unwrap(parser));
    }

    /** The cache is keyed by the whole token: a genuine token accepted before does not vouch for a tampered copy. */
    @Test
    void aTokenWithItsSignatureAlteredIsRefusedAfterTheGenuineOneWasAccepted() {
        String genuine = TestTokens.token("cache-officer", Set.of(Roles.OFFICER), Set.of("64"));
        assertEquals(200, as(genuine).get("/api/v1/households?region=64&limit=1").statusCode());
        assertEquals(200, as(genuine).get("/api/v1/households?region=64&limit=1").statusCode());
        int last = genuine.length() - 2; // not the final character, whose low bits base64url may not carry
        String tampered = genuine.substring(0, last) + (genuine.charAt(last) == 'A' ? 'B' : 'A')
                + genuine.substring(last + 1);
        assertEquals(401, as(tampered).get("/api/v1/households?region=64&limit=1").statusCode());
        String foreign = TestTokens.foreign("cache-officer", Set.of(Roles.OFFICER));
        assertEquals(401, as(foreign).get("/api/v1/households?region=64&limit=1").statusCode());
    }
}
