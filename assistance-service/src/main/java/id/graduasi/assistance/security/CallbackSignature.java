package id.graduasi.assistance.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import id.graduasi.rest.ProblemException;

/**
 * The payment provider signs each callback as payment providers do: {@code X-Graduasi-Signature: sha256=<hex>},
 * the HMAC-SHA256, under the shared secret, of {@code <X-Graduasi-Timestamp>.<raw body>}. The timestamp (Unix
 * seconds) is inside the signature, so a captured callback cannot be replayed after {@code max-age}; within it,
 * a replay changes nothing anyway (confirmations are deduplicated by the provider's transaction id).
 */
@ApplicationScoped
public class CallbackSignature {

    public static final String SIGNATURE = "X-Graduasi-Signature";
    public static final String TIMESTAMP = "X-Graduasi-Timestamp";
    private static final String PREFIX = "sha256=";

    private final SecretKeySpec key;
    private final Duration maxAge;

    public CallbackSignature(
            @ConfigProperty(name = "graduasi.assistance.payment.callback-secret") String secret,
            @ConfigProperty(name = "graduasi.assistance.payment.callback-max-age", defaultValue = "PT5M")
            Duration maxAge) {
        if (secret.length() < 16) {
            throw new IllegalStateException("graduasi.assistance.payment.callback-secret must have at least 16 "
                    + "characters");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.maxAge = maxAge;
    }

    /** The header value for {@code body} sent at {@code timestamp}: what the provider computes. */
    public static String sign(String secret, long timestamp, String body) {
        return PREFIX + HexFormat.of().formatHex(mac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"), timestamp, body.getBytes(StandardCharsets.UTF_8)));
    }

    /** 401 problem+json unless the signature is the body's under our secret and the timestamp is recent. */
    public void verify(String signature, String timestamp, byte[] body) {
        if (signature == null || timestamp == null || !signature.startsWith(PREFIX)) {
            throw refused("the callback must carry " + SIGNATURE + " (sha256=<hex>) and " + TIMESTAMP);
        }
        long sentAt;
        byte[] given;
        try {
            sentAt = Long.parseLong(timestamp.trim());
            given = HexFormat.of().parseHex(signature.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            throw refused("malformed " + SIGNATURE + " or " + TIMESTAMP);
        }
        // Compared in constant time, before anything else is learnt from the request.
        if (!MessageDigest.isEqual(mac(key, sentAt, body), given)) {
            throw refused("the signature does not match the body");
        }
        long age = Instant.now().getEpochSecond() - sentAt;
        if (Math.abs(age) > maxAge.toSeconds()) {
            throw refused(TIMESTAMP + " is more than " + maxAge.toSeconds() + " seconds away from now");
        }
    }

    private static byte[] mac(SecretKeySpec key, long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProblemException refused(String detail) {
        return new ProblemException(401, "Unauthorized", detail, List.of());
    }
}
