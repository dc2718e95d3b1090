package id.graduasi.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * RS256 JSON Web Tokens signed with a local key, in plain JDK code: for tests, the end-to-end tests and the
 * local launcher's demo tokens. Never for production: there tokens come from the identity provider.
 */
public final class JwtSigner {

    private JwtSigner() {
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as smallrye-jwt's {@code mp.jwt.verify.publickey} takes it: base64 X.509, no PEM lines. */
    public static String publicKeyBase64(KeyPair keys) {
        return Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
    }

    public static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /**
     * @param claims string, number, boolean or collection-of-strings values
     */
    public static String sign(PrivateKey key, String issuer, String subject, Map<String, Object> claims,
            Duration lifetime) {
        long now = Instant.now().getEpochSecond();
        StringBuilder payload = new StringBuilder("{");
        payload.append("\"iss\":").append(json(issuer)).append(",\"sub\":").append(json(subject))
                .append(",\"upn\":").append(json(subject)).append(",\"iat\":").append(now)
                .append(",\"exp\":").append(now + lifetime.getSeconds())
                .append(",\"jti\":").append(json(java.util.UUID.randomUUID().toString()));
        claims.forEach((name, value) -> payload.append(',').append(json(name)).append(':').append(json(value)));
        payload.append('}');
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String signingInput = url.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + url.encodeToString(payload.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + url.encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object value) {
        if (value instanceof Collection<?> c) {
            return c.stream().map(JwtSigner::json).collect(Collectors.joining(",", "[", "]"));
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        StringBuilder s = new StringBuilder("\"");
        for (char ch : String.valueOf(value).toCharArray()) {
            switch (ch) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                default -> {
                    if (ch < 0x20) {
                        s.append(String.format("\\u%04x", (int) ch));
                    } else {
                        s.append(ch);
                    }
                }
            }
        }
        return s.append('"').toString();
    }
}
