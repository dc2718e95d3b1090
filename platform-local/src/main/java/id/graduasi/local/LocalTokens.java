package id.graduasi.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import id.graduasi.testing.JwtSigner;

/**
 * The local platform's token issuer: a key pair made on the first {@code ./graduasi up} under
 * {@code .graduasi/keys/} (gitignored; delete it to rotate), whose public key the services verify tokens with, and
 * demo tokens signed with it: {@code ./graduasi token OFFICER [user] [regions]}. Only for this machine; in
 * Kubernetes tokens come from Keycloak.
 */
public final class LocalTokens {

    /** What registry-service expects by default (mp.jwt.verify.issuer). */
    public static final String ISSUER = "https://graduasi.local/issuer";

    private LocalTokens() {
    }

    public static KeyPair keys(Path state) throws IOException {
        Path dir = state.resolve("keys");
        Path priv = dir.resolve("private.der.b64");
        Path pub = dir.resolve("public.der.b64");
        if (!Files.exists(priv) || !Files.exists(pub)) {
            Files.createDirectories(dir);
            KeyPair keys = JwtSigner.newKeyPair();
            Files.writeString(pub, Base64.getEncoder().encodeToString(keys.getPublic().getEncoded()));
            Files.writeString(priv, Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded()));
            priv.toFile().setReadable(false, false);
            priv.toFile().setReadable(true, true);
            Files.writeString(dir.resolve("public.pem"), JwtSigner.pem("PUBLIC KEY", keys.getPublic().getEncoded()));
            return keys;
        }
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new KeyPair(
                    rsa.generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(Files.readString(pub).strip()))),
                    rsa.generatePrivate(new PKCS8EncodedKeySpec(
                            Base64.getDecoder().decode(Files.readString(priv).strip()))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public key as services take it in MP_JWT_VERIFY_PUBLICKEY. */
    public static String publicKey(KeyPair keys) {
        return JwtSigner.publicKeyBase64(keys);
    }

    public static String token(KeyPair keys, String role, String user, List<String> regions) {
        Map<String, Object> claims = new LinkedHashMap<>();
        // For the four services' APIs (their mp.jwt.verify.audiences), like the dashboard's tokens.
        claims.put("aud", List.of("registry-service", "assistance-service", "mentoring-service", "graduation-service",
                "dashboard-service"));
        claims.put("groups", List.of(role.toUpperCase(Locale.ROOT)));
        claims.put("regions", regions);
        if ("PARTNER".equalsIgnoreCase(role)) {
            claims.put("programmes", List.of("PKH", "BPNT"));
            claims.put("azp", user);
        }
        return JwtSigner.sign(keys.getPrivate(), ISSUER, user, claims, Duration.ofHours(12));
    }

    /** {@code LocalTokens <repository root> <role> [user] [regions, comma-separated]}: prints a signed token. */
    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ./graduasi token <ADMIN|SUPERVISOR|OFFICER|SOCIAL_WORKER|PARTNER|AUDITOR> "
                    + "[user] [regions, e.g. 64.72 or *]");
            System.exit(2);
        }
        String role = args[1].toUpperCase(Locale.ROOT);
        String user = args.length > 2 ? args[2] : "demo-" + role.toLowerCase(Locale.ROOT).replace('_', '-');
        List<String> regions = List.of((args.length > 3 ? args[3] : "*").split(","));
        System.out.println(token(keys(Path.of(args[0]).resolve(".graduasi")), role, user, regions));
    }
}
