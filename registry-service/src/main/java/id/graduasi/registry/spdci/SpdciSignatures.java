package id.graduasi.registry.spdci;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The spec's envelope signature (MsgSignature): {@code Signature: namespace="spdci",
 * kidId="<sender_id>|<key id>|ed25519", algorithm="ed25519", created="<unix s>", expires="<unix s>",
 * headers="(created) (expires) digest", signature="<base64>"}. The signed text is
 * <pre>
 * (created): &lt;created&gt;
 * (expires): &lt;expires&gt;
 * digest: SHA-256=&lt;base64 of SHA-256 over canonical(header) + canonical(message)&gt;
 * </pre>
 * where canonical is the compact JSON with the keys of every object sorted (docs/security.md). Partners that
 * registered a public key must sign every request; the registry signs its answers and callbacks when it has a
 * signing key.
 */
@ApplicationScoped
public class SpdciSignatures {

    /** The registry's own signing key. */
    @ConfigMapping(prefix = "graduasi.registry.spdci.signing")
    public interface Signing {

        /** Base64 of the PKCS#8 Ed25519 private key; none: answers are not signed. */
        Optional<String> privateKey();

        /** The key id in our kidId ({@code <registry id>|<key id>|ed25519}), so partners can tell keys apart. */
        @WithDefault("1")
        String keyId();

        /** How long a signature we make is valid. */
        @WithDefault("PT1H")
        Duration validity();

        /** Clock difference tolerated on a partner's created and expires. */
        @WithDefault("PT5M")
        Duration skew();
    }

    static final String ALGORITHM = "ed25519";
    private static final String HEADERS = "(created) (expires) digest";
    private static final Pattern PARAM = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");

    private final ObjectMapper mapper;
    private final Signing signing;
    private final PrivateKey privateKey;
    private final String registryId;

    public SpdciSignatures(ObjectMapper mapper, Signing signing, SpdciPartners partners,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "graduasi.registry.spdci.registry-id")
            String registryId) {
        this.mapper = mapper;
        this.signing = signing;
        this.registryId = registryId;
        this.privateKey = signing.privateKey().map(SpdciSignatures::privateKey).orElse(null);
        // A partner's key that cannot be read stops the service at start, not at the partner's first request.
        partners.partners().forEach((client, partner) -> partner.publicKey().ifPresent(SpdciSignatures::publicKey));
    }

    /**
     * Checks a request's signature when its partner registered a public key.
     * @throws DciException 401 {@code err.signature.missing} or {@code err.signature.invalid}
     */
    void verify(SpdciPartners.Partner partner, String body) {
        if (partner.publicKey().isEmpty()) {
            return; // not registered: accepted unsigned (docs/security.md)
        }
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw DciException.bad("the body is not JSON");
        }
        JsonNode value = root == null ? null : root.path("signature");
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new DciException(401, "err.signature.missing", "your client signs its messages: signature is required");
        }
        Map<String, String> params = params(value.asText());
        String expectedKid = partner.senderId() + "|" + partner.keyId().orElse("") + "|" + ALGORITHM;
        if (!expectedKid.equals(params.get("kidId")) || !ALGORITHM.equals(params.get("algorithm"))
                || !HEADERS.equals(params.get("headers"))) {
            throw invalid("kidId must be " + expectedKid + ", algorithm " + ALGORITHM + ", headers \"" + HEADERS + "\"");
        }
        long created;
        long expires;
        try {
            created = Long.parseLong(params.get("created"));
            expires = Long.parseLong(params.get("expires"));
        } catch (NumberFormatException e) {
            throw invalid("created and expires must be Unix times in seconds");
        }
        long now = Instant.now().getEpochSecond();
        if (created > now + signing.skew().toSeconds() || expires < now - signing.skew().toSeconds()
                || expires < created) {
            throw invalid("the signature is not valid now (created " + created + ", expires " + expires + ")");
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(publicKey(partner.publicKey().get()));
            verifier.update(signingString(created, expires, root.path("header"), root.path("message"))
                    .getBytes(StandardCharsets.UTF_8));
            if (!verifier.verify(Base64.getDecoder().decode(params.getOrDefault("signature", "")))) {
                throw invalid("the signature does not match the header and message");
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw invalid("the signature does not match the header and message");
        }
    }

    /** The envelope with our signature, when the registry has a signing key. */
    public Dci.Envelope sign(Dci.Envelope envelope) {
        if (privateKey == null) {
            return envelope;
        }
        return new Dci.Envelope(signature(mapper.valueToTree(envelope.header()), mapper.valueToTree(envelope.message())),
                envelope.header(), envelope.message());
    }

    /** A queued callback's JSON, signed now (a retry hours later carries a fresh signature). */
    String signJson(String json) {
        if (privateKey == null) {
            return json;
        }
        try {
            ObjectNode root = (ObjectNode) mapper.readTree(json);
            root.put("signature", signature(root.path("header"), root.path("message")));
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("a queued SPDCI callback is not a JSON object", e);
        }
    }

    private String signature(JsonNode header, JsonNode message) {
        long created = Instant.now().getEpochSecond();
        long expires = created + signing.validity().toSeconds();
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(signingString(created, expires, header, message).getBytes(StandardCharsets.UTF_8));
            return "Signature: namespace=\"spdci\", kidId=\"" + registryId + "|" + signing.keyId() + "|" + ALGORITHM
                    + "\", algorithm=\"" + ALGORITHM + "\", created=\"" + created + "\", expires=\"" + expires
                    + "\", headers=\"" + HEADERS + "\", signature=\""
                    + Base64.getEncoder().encodeToString(signer.sign()) + "\"";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("an SPDCI answer cannot be signed", e);
        }
    }

    /** The text a signature covers (public: partners' clients and our tests build the same). */
    public static String signingString(long created, long expires, JsonNode header, JsonNode message) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(canonical(header).getBytes(StandardCharsets.UTF_8));
            sha.update(canonical(message).getBytes(StandardCharsets.UTF_8));
            return "(created): " + created + "\n(expires): " + expires + "\ndigest: SHA-256="
                    + Base64.getEncoder().encodeToString(sha.digest());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Compact JSON with the keys of every object sorted; a missing part is {@code null}. */
    public static String canonical(JsonNode node) {
        return sorted(node == null || node.isMissingNode() ? com.fasterxml.jackson.databind.node.NullNode.instance
                : node).toString();
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            names.sort(null);
            ObjectNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            names.forEach(n -> copy.set(n, sorted(node.get(n))));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
            node.forEach(e -> copy.add(sorted(e)));
            return copy;
        }
        return node;
    }

    static Map<String, String> params(String signature) {
        Map<String, String> params = new HashMap<>();
        Matcher m = PARAM.matcher(signature);
        while (m.find()) {
            params.putIfAbsent(m.group(1), m.group(2));
        }
        return params;
    }

    private static DciException invalid(String why) {
        return new DciException(401, "err.signature.invalid", why);
    }

    static PublicKey publicKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("an SPDCI partner public-key is not base64 of an X.509 Ed25519 key", e);
        }
    }

    private static PrivateKey privateKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(
                    Base64.getDecoder().decode(base64.strip())));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "graduasi.registry.spdci.signing.private-key is not base64 of a PKCS#8 Ed25519 key", e);
        }
    }
}
