package id.graduasi.registry.spdci;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The registry of SPDCI partners: which OAuth clients may call {@code /registry/*}, under which DCI
 * {@code sender_id}, and to which callback base URIs the registry may POST their answers. Keyed by the client id
 * of the bearer token ({@code azp}, see platform-security's {@code Caller.clientId()}).
 *
 * <pre>
 * graduasi.spdci.partners."spmis-kaltim".sender-id=spmis.dinsos.kaltim
 * graduasi.spdci.partners."spmis-kaltim".callback-uris=https://spmis.kaltimprov.go.id/dci/
 * graduasi.spdci.partners."spmis-kaltim".public-key=MCowBQYDK2VwAyEA...   (optional: then requests are signed)
 * graduasi.spdci.partners."spmis-kaltim".key-id=2026-01
 * </pre>
 */
@ConfigMapping(prefix = "graduasi.spdci")
public interface SpdciPartners {

    /** Client id → partner. A client not listed here cannot use the SPDCI API, whatever its roles. */
    Map<String, Partner> partners();

    Callbacks callbacks();

    interface Partner {

        /** The DCI sender_id this client must put in every header. */
        @WithName("sender-id")
        String senderId();

        /**
         * The base URIs the partner's callbacks may go to: a request's sender_uri must be one of them or lie
         * below one (same scheme, host and port; path under the registered path). Empty: the partner can only
         * use the synchronous endpoints.
         */
        @WithName("callback-uris")
        Optional<List<String>> callbackUris();

        /**
         * The partner's Ed25519 public key (base64 of its X.509 SubjectPublicKeyInfo, {@code openssl pkey -pubout
         * -outform DER | base64 -w0}). When set, every request must carry a valid envelope signature.
         */
        @WithName("public-key")
        Optional<String> publicKey();

        /** The key id in the partner's kidId ({@code <sender_id>|<key id>|ed25519}). */
        @WithName("key-id")
        Optional<String> keyId();
    }

    interface Callbacks {

        /** Allow callbacks to loopback addresses (127.0.0.0/8, ::1, localhost): the local platform and tests. */
        @WithName("allow-loopback")
        @WithDefault("false")
        boolean allowLoopback();

        /**
         * Allow callbacks to private, link-local, unique-local, CGNAT and unspecified addresses (10/8, 172.16/12,
         * 192.168/16, 169.254/16, 100.64/10, fc00::/7, fe80::/10, 0.0.0.0): a partner inside the same network.
         */
        @WithName("allow-private")
        @WithDefault("false")
        boolean allowPrivate();
    }

    /** The partner a client is registered as, if any. */
    default Optional<Partner> partnerOf(String clientId) {
        return Optional.ofNullable(clientId == null ? null : partners().get(clientId));
    }
}
