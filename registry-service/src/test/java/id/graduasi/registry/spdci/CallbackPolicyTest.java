package id.graduasi.registry.spdci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The callback rules with production settings: neither loopback nor private targets allowed. */
class CallbackPolicyTest {

    static SpdciPartners.Partner partner(String sender, String... uris) {
        return new SpdciPartners.Partner() {
            @Override
            public String senderId() {
                return sender;
            }

            @Override
            public Optional<List<String>> callbackUris() {
                return Optional.of(List.of(uris));
            }

            @Override
            public Optional<String> publicKey() {
                return Optional.empty();
            }

            @Override
            public Optional<String> keyId() {
                return Optional.empty();
            }
        };
    }

    static CallbackPolicy policy(boolean loopback, boolean privateNetworks, Map<String, SpdciPartners.Partner> map) {
        return new CallbackPolicy(new SpdciPartners() {
            @Override
            public Map<String, Partner> partners() {
                return map;
            }

            @Override
            public Callbacks callbacks() {
                return new Callbacks() {
                    @Override
                    public boolean allowLoopback() {
                        return loopback;
                    }

                    @Override
                    public boolean allowPrivate() {
                        return privateNetworks;
                    }
                };
            }
        });
    }

    @Test
    void aCallbackToALoopbackOrPrivateAddressIsRefusedEvenWhenRegistered() {
        CallbackPolicy production = policy(false, false, Map.of());
        for (String target : List.of("http://127.0.0.1:8081", "http://localhost:8081", "http://[::1]:8081",
                "http://127.1:8081", "http://2130706433/", "http://0x7f.0.0.1/", "http://10.0.0.5/",
                "http://172.16.3.4/", "http://192.168.1.1/", "http://169.254.169.254/latest", "http://0.0.0.0/",
                "http://100.64.0.1/", "http://[fd00::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/")) {
            SpdciPartners.Partner p = partner("s", target);
            DciException e = assertThrows(DciException.class, () -> production.check(p, URI.create(target)), target);
            assertEquals("err.sender_uri.invalid", e.code, target);
            assertNotNull(production.refusal(target + "/registry/on-search"), target);
        }
        assertNull(production.refusal("http://93.184.216.34/dci/registry/on-search"), "a public address is allowed");
    }

    @Test
    void loopbackIsAllowedOnlyWhenConfiguredAndPrivateStaysRefused() {
        CallbackPolicy local = policy(true, false, Map.of());
        assertNull(local.refusal("http://127.0.0.1:9000/registry/notify"));
        assertNull(local.refusal("http://localhost:9000/registry/notify"));
        assertNotNull(local.refusal("http://10.1.2.3:9000/registry/notify"));
        assertNull(policy(false, true, Map.of()).refusal("http://10.1.2.3:9000/registry/notify"));
    }

    @Test
    void aSenderUriMustLieBelowARegisteredCallbackUri() {
        String base = "https://spmis.example.go.id/dci";
        assertTrue(CallbackPolicy.below(URI.create("https://spmis.example.go.id/dci"), base));
        assertTrue(CallbackPolicy.below(URI.create("https://SPMIS.example.go.id:443/dci/kaltim"), base));
        assertFalse(CallbackPolicy.below(URI.create("https://spmis.example.go.id/dcix"), base), "not a whole segment");
        assertFalse(CallbackPolicy.below(URI.create("https://spmis.example.go.id/dci/../admin"), base));
        assertFalse(CallbackPolicy.below(URI.create("https://spmis.example.go.id:8443/dci"), base), "another port");
        assertFalse(CallbackPolicy.below(URI.create("http://spmis.example.go.id/dci"), base), "another scheme");
        assertFalse(CallbackPolicy.below(URI.create("https://spmis.example.go.id.evil.test/dci"), base));
        assertFalse(CallbackPolicy.below(URI.create("https://user@spmis.example.go.id/dci"), base), "user info");
        CallbackPolicy policy = policy(false, false, Map.of());
        SpdciPartners.Partner p = partner("s", base);
        assertEquals("err.sender_uri.invalid",
                assertThrows(DciException.class, () -> policy.check(p, URI.create("https://evil.test/dci"))).code);
        assertEquals("err.sender_uri.invalid", assertThrows(DciException.class,
                () -> policy.check(partner("s"), URI.create(base))).code, "nothing registered");
    }

    @Test
    void twoClientsCannotShareASenderId() {
        assertThrows(IllegalStateException.class, () -> policy(false, false,
                Map.of("a", partner("same", "https://a.example/"), "b", partner("same", "https://b.example/"))));
    }
}
