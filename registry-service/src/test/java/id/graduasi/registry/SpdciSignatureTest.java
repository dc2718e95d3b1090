package id.graduasi.registry;

import static id.graduasi.registry.RegistryTestSupport.as;
import static id.graduasi.registry.RegistryTestSupport.family;
import static id.graduasi.registry.RegistryTestSupport.randomKk;
import static id.graduasi.registry.RegistryTestSupport.registerHousehold;
import static id.graduasi.registry.SpdciPartnersTestResource.CLIENT_SIGNED;
import static id.graduasi.registry.SpdciPartnersTestResource.SENDER_SIGNED;
import static id.graduasi.registry.SpdciPartnersTestResource.SIGNED_KEY_ID;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import id.graduasi.registry.spdci.SpdciSignatures;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * The spec's envelope signature: a partner that registered a public key must sign every request (missing,
 * tampered, expired, another key's or another sender's signature: 401 with the spec's error object), and the
 * registry signs its answers and callbacks with its own key, which the partner can check.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SpdciPartnersTestResource.class, restrictToAnnotatedClass = false)
class SpdciSignatureTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = TestTokens.client(CLIENT_SIGNED, Set.of("PARTNER"), Set.of("*"), Set.of());

    @Test
    void aSignedRequestIsAnsweredWithASignedAnswer() throws Exception {
        String kk = randomKk();
        String id = registerHousehold(kk, family());
        String body = sign(search(null, kk), partnerKey(), SENDER_SIGNED + "|" + SIGNED_KEY_ID + "|ed25519", 0, 600);
        String answer = post("/registry/sync/search", body).statusCode(200)
                .body("message.search_response[0].data.reg_records[0].'@id'", equalTo("urn:graduasi:household:" + id))
                .extract().asString();
        assertRegistrySigned(answer);
    }

    @Test
    void unsignedTamperedExpiredOrForeignSignaturesAreRefused() throws Exception {
        String kid = SENDER_SIGNED + "|" + SIGNED_KEY_ID + "|ed25519";
        ObjectNode unsigned = (ObjectNode) JSON.readTree(search(null, randomKk()));
        unsigned.remove("signature");
        refused(unsigned.toString(), "err.signature.missing");

        ObjectNode tampered = (ObjectNode) JSON.readTree(sign(search(null, randomKk()), partnerKey(), kid, 0, 600));
        ((ObjectNode) tampered.path("message")).put("transaction_id", "changed-after-signing");
        refused(tampered.toString(), "err.signature.invalid");

        refused(sign(search(null, randomKk()), partnerKey(), kid, -7200, -3600), "err.signature.invalid");
        PrivateKey other = KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPrivate();
        refused(sign(search(null, randomKk()), other, kid, 0, 600), "err.signature.invalid");
        refused(sign(search(null, randomKk()), partnerKey(), "spmis.other|" + SIGNED_KEY_ID + "|ed25519", 0, 600),
                "err.signature.invalid");
    }

    @Test
    void callbacksCarryTheRegistrysSignature() throws Exception {
        String kk = randomKk();
        registerHousehold(kk, family());
        try (SpdciCallbackServer partner = new SpdciCallbackServer()) {
            String body = sign(search(partner.uri(), kk), partnerKey(), SENDER_SIGNED + "|" + SIGNED_KEY_ID
                    + "|ed25519", 0, 600);
            post("/registry/search", body).statusCode(200).body("message.ack_status", equalTo("ACK"));
            String onSearch = await().atMost(Duration.ofSeconds(20))
                    .until(() -> partner.at("/registry/on-search"), l -> !l.isEmpty()).get(0).raw();
            assertRegistrySigned(onSearch);
        }
    }

    @Test
    void theOpenApiDocumentShowsAPartnerTheReceiverIdAndTheSignature() {
        // The example is served as an object or as a string of JSON: compare without escapes and spaces.
        String openapi = io.restassured.RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .extract().asString().replace("\\", "").replaceAll("\\s", "");
        assertTrue(openapi.contains("\"receiver_id\":\"graduasi-registry\""), "receiver_id example");
        assertTrue(openapi.contains("kidId=\"spmis.dinsos.kaltim|2026-01|ed25519"), "signature example");
    }

    private static String search(String senderUri, String kk) {
        return SpdciEnvelopes.envelope(SENDER_SIGNED, UUID.randomUUID().toString(), "search", senderUri, 1, """
                {"transaction_id": "t-signed-%s", "search_request": [
                  {"reference_id": "ref-1", "timestamp": "%s", "search_criteria": %s}]}"""
                .formatted(UUID.randomUUID(), java.time.OffsetDateTime.now(), SpdciEnvelopes.idQuery("KK", kk, "Group")));
    }

    /** Signs an envelope as a partner's DCI client would (docs/security.md). */
    private static String sign(String envelope, PrivateKey key, String kid, long createdOffset, long expiresOffset)
            throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(envelope);
        long now = Instant.now().getEpochSecond();
        long created = now + createdOffset;
        long expires = now + expiresOffset;
        Signature signer = Signature.getInstance("Ed25519");
        signer.initSign(key);
        signer.update(SpdciSignatures.signingString(created, expires, root.path("header"), root.path("message"))
                .getBytes(StandardCharsets.UTF_8));
        root.put("signature", "Signature: namespace=\"spdci\", kidId=\"" + kid + "\", algorithm=\"ed25519\", created=\""
                + created + "\", expires=\"" + expires + "\", headers=\"(created) (expires) digest\", signature=\""
                + Base64.getEncoder().encodeToString(signer.sign()) + "\"");
        return root.toString();
    }

    private static void assertRegistrySigned(String answer) throws Exception {
        JsonNode root = JSON.readTree(answer);
        String signature = root.path("signature").asText();
        assertTrue(signature.contains("kidId=\"graduasi-registry|1|ed25519\""), signature);
        long created = Long.parseLong(param(signature, "created"));
        long expires = Long.parseLong(param(signature, "expires"));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                Base64.getDecoder().decode(System.getProperty(SpdciPartnersTestResource.REGISTRY_PUBLIC)))));
        verifier.update(SpdciSignatures.signingString(created, expires, root.path("header"), root.path("message"))
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(Base64.getDecoder().decode(param(signature, "signature"))), answer);
    }

    private static String param(String signature, String name) {
        var m = java.util.regex.Pattern.compile(name + "=\"([^\"]*)\"").matcher(signature);
        assertTrue(m.find(), signature);
        return m.group(1);
    }

    private static PrivateKey partnerKey() throws Exception {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                Base64.getDecoder().decode(System.getProperty(SpdciPartnersTestResource.PARTNER_PRIVATE))));
    }

    private static ValidatableResponse post(String path, String body) {
        return as(TOKEN).contentType(ContentType.JSON).body(body).post(path).then();
    }

    private static void refused(String body, String code) {
        post("/registry/sync/search", body).statusCode(401).body("errors[0].code", equalTo(code));
    }
}
