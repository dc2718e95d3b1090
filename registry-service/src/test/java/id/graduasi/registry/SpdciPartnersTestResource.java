package id.graduasi.registry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import id.graduasi.testing.EmbeddedKafka;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * The test registry of SPDCI partners. Callback servers ({@link SpdciCallbackServer}) listen on ports chosen
 * here, so that each partner's callback URIs can be registered exactly (scheme, host and port), as in production.
 * The ports travel to the tests in a system property: the resource and the tests run in different class loaders.
 */
public class SpdciPartnersTestResource implements QuarkusTestResourceLifecycleManager {

    static final String PORTS = "graduasi.test.spdci-callback-ports";

    /** The client tests use by default (the staff token's user): sender {@link SpdciEnvelopes#SENDER}. */
    static final String STAFF_CLIENT = "test-staff";
    /** Two partner agencies of different regions, with sender ids of their own. */
    static final String CLIENT_A = "spmis-a", SENDER_A = "spmis.kaltim.a";
    static final String CLIENT_B = "spmis-b", SENDER_B = "spmis.kaltara.b";
    /** A partner whose only callback URI is elsewhere: its requests with a local sender_uri are refused. */
    static final String CLIENT_ELSEWHERE = "spmis-elsewhere", SENDER_ELSEWHERE = "spmis.elsewhere";
    /** A partner registered with a callback URI on a private network address. */
    static final String CLIENT_PRIVATE = "spmis-private", SENDER_PRIVATE = "spmis.private";
    static final String PRIVATE_CALLBACK = "http://10.20.30.40:8080/dci";
    /** A partner that registered a public key: its requests must be signed. */
    static final String CLIENT_SIGNED = "spmis-signed", SENDER_SIGNED = "spmis.signed", SIGNED_KEY_ID = "k-2026";
    /** Ed25519 keys made here (base64 PKCS#8 / X.509), handed to the tests in system properties. */
    static final String PARTNER_PRIVATE = "graduasi.test.spdci-partner-private";
    static final String PARTNER_PUBLIC = "graduasi.test.spdci-partner-public";
    static final String REGISTRY_PRIVATE = "graduasi.test.spdci-registry-private";
    static final String REGISTRY_PUBLIC = "graduasi.test.spdci-registry-public";

    @Override
    public Map<String, String> start() {
        String ports = System.getProperty(PORTS);
        if (ports == null) {
            List<String> chosen = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                try {
                    chosen.add(String.valueOf(EmbeddedKafka.freePort()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            ports = String.join(",", chosen);
            System.setProperty(PORTS, ports);
        }
        String local = List.of(ports.split(",")).stream().map(p -> "http://127.0.0.1:" + p)
                .collect(Collectors.joining(","));
        Map<String, String> config = new HashMap<>();
        partner(config, STAFF_CLIENT, SpdciEnvelopes.SENDER, local);
        partner(config, CLIENT_A, SENDER_A, local);
        partner(config, CLIENT_B, SENDER_B, local);
        partner(config, CLIENT_ELSEWHERE, SENDER_ELSEWHERE, "https://spmis.elsewhere.example/dci");
        partner(config, CLIENT_PRIVATE, SENDER_PRIVATE, PRIVATE_CALLBACK);
        keyPair(PARTNER_PRIVATE, PARTNER_PUBLIC);
        keyPair(REGISTRY_PRIVATE, REGISTRY_PUBLIC);
        partner(config, CLIENT_SIGNED, SENDER_SIGNED, local);
        config.put("graduasi.spdci.partners.\"" + CLIENT_SIGNED + "\".public-key", System.getProperty(PARTNER_PUBLIC));
        config.put("graduasi.spdci.partners.\"" + CLIENT_SIGNED + "\".key-id", SIGNED_KEY_ID);
        config.put("graduasi.registry.spdci.signing.private-key", System.getProperty(REGISTRY_PRIVATE));
        // The authorization matrix's tokens (AuthorizationMatrix: <role>-a, <role>-all) are registered clients,
        // so that what it checks is the role rule, not the partner registry.
        for (String matrixClient : List.of("partner-a", "partner-all", "admin-a", "admin-all")) {
            partner(config, matrixClient, "matrix." + matrixClient, local);
        }
        return config;
    }

    private static void keyPair(String privateProperty, String publicProperty) {
        if (System.getProperty(privateProperty) != null) {
            return;
        }
        try {
            java.security.KeyPair pair = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            System.setProperty(privateProperty,
                    java.util.Base64.getEncoder().encodeToString(pair.getPrivate().getEncoded()));
            System.setProperty(publicProperty, java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void partner(Map<String, String> config, String client, String sender, String callbacks) {
        config.put("graduasi.spdci.partners.\"" + client + "\".sender-id", sender);
        config.put("graduasi.spdci.partners.\"" + client + "\".callback-uris", callbacks);
    }

    @Override
    public void stop() {
    }
}
