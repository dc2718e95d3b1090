package id.graduasi.testing;

import java.security.KeyPair;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Bearer tokens for tests, signed with a key pair made once per test JVM; {@link GraduasiTestResource} gives the
 * application under test the public key and issuer. {@code TestTokens.token("officer-a", Set.of("OFFICER"),
 * Set.of("64"))}.
 */
public final class TestTokens {

    public static final String ISSUER = "https://graduasi.test/issuer";

    /**
     * The audiences of the four services' APIs ({@code mp.jwt.verify.audiences} of each): test tokens are for all
     * four, like the staff web application's; {@link #forAudience} makes one for another API.
     */
    public static final List<String> SERVICE_AUDIENCES = List.of("registry-service", "assistance-service",
            "mentoring-service", "graduation-service", "dashboard-service");
    private static final KeyPair KEYS = sharedKeys();

    private TestTokens() {
    }

    /**
     * One key pair per JVM, kept in system properties: Quarkus loads the test class and the test resource with
     * different class loaders, each with its own static fields.
     */
    private static synchronized KeyPair sharedKeys() {
        String priv = System.getProperty("graduasi.test-tokens.private");
        String pub = System.getProperty("graduasi.test-tokens.public");
        try {
            java.security.KeyFactory rsa = java.security.KeyFactory.getInstance("RSA");
            if (priv != null && pub != null) {
                return new KeyPair(
                        rsa.generatePublic(new java.security.spec.X509EncodedKeySpec(
                                java.util.Base64.getDecoder().decode(pub))),
                        rsa.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                                java.util.Base64.getDecoder().decode(priv))));
            }
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        KeyPair keys = JwtSigner.newKeyPair();
        System.setProperty("graduasi.test-tokens.private",
                java.util.Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
        System.setProperty("graduasi.test-tokens.public",
                java.util.Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
        return keys;
    }

    public static String publicKey() {
        return JwtSigner.publicKeyBase64(KEYS);
    }

    public static String token(String user, Set<String> roles, Set<String> regions) {
        return token(user, roles, regions, Set.of());
    }

    public static String token(String user, Set<String> roles, Set<String> regions, Set<String> programmes) {
        return sign(user, roles, regions, programmes, SERVICE_AUDIENCES, null);
    }

    /**
     * A machine client's token as Keycloak issues it for the client-credentials grant: {@code azp} is the client
     * id, the subject its service account.
     */
    public static String client(String clientId, Set<String> roles, Set<String> regions, Set<String> programmes) {
        return sign("service-account-" + clientId, roles, regions, programmes, SERVICE_AUDIENCES, clientId);
    }

    /** A valid token of the right issuer, for another API than the Graduasi services: refused (401). */
    public static String forAudience(String audience, String user, Set<String> roles) {
        return sign(user, roles, Set.of("*"), Set.of(), List.of(audience), null);
    }

    private static String sign(String user, Set<String> roles, Set<String> regions, Set<String> programmes,
            List<String> audiences, String clientId) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", audiences);
        if (clientId != null) {
            claims.put("azp", clientId);
        }
        claims.put("groups", List.copyOf(new TreeSet<>(roles)));
        claims.put("regions", List.copyOf(new TreeSet<>(regions)));
        if (!programmes.isEmpty()) {
            claims.put("programmes", List.copyOf(new TreeSet<>(programmes)));
        }
        return JwtSigner.sign(KEYS.getPrivate(), ISSUER, user, claims, Duration.ofHours(2));
    }

    /** A token another issuer signed: valid-looking, and refused. */
    public static String foreign(String user, Set<String> roles) {
        return JwtSigner.sign(JwtSigner.newKeyPair().getPrivate(), ISSUER, user,
                Map.of("aud", SERVICE_AUDIENCES, "groups", List.copyOf(roles), "regions", List.of("*")),
                Duration.ofHours(1));
    }

    /** Staff who may do everything everywhere: the default of tests that are not about authorization. */
    public static String staff() {
        return token("test-staff", Set.of("ADMIN", "SUPERVISOR", "OFFICER"), Set.of("*"));
    }
}
