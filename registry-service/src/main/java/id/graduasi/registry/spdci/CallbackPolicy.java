package id.graduasi.registry.spdci;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * Where the registry may send a partner's callbacks (server-side request forgery): only below a callback URI
 * registered for that partner ({@link SpdciPartners}), never to a loopback, private, link-local or otherwise
 * internal address unless configuration allows it, and never following redirects (the delivery client has
 * them off). Checked when a request is taken (the sender_uri against the registry, and an IP-literal host) and
 * again before each delivery, with the host name resolved then.
 */
@ApplicationScoped
public class CallbackPolicy {

    private final SpdciPartners partners;

    public CallbackPolicy(SpdciPartners partners) {
        this.partners = partners;
        // A sender_id names one partner: two clients with one sender_id would share each other's callbacks.
        java.util.Map<String, String> senders = new java.util.HashMap<>();
        partners.partners().forEach((client, partner) -> {
            String other = senders.put(partner.senderId(), client);
            if (other != null) {
                throw new IllegalStateException("graduasi.spdci.partners: clients " + other + " and " + client
                        + " have the same sender-id " + partner.senderId());
            }
            for (String uri : partner.callbackUris().orElse(List.of())) {
                URI parsed = URI.create(uri.strip());
                if (parsed.getHost() == null || !List.of("http", "https").contains(parsed.getScheme())) {
                    throw new IllegalStateException("graduasi.spdci.partners.\"" + client
                            + "\".callback-uris: " + uri + " is not an absolute http(s) URI");
                }
            }
        });
    }

    /**
     * @return the sender_uri, if it lies below one of the partner's registered callback URIs and its host is not
     *         an internal address literal
     * @throws DciException err.sender_uri.invalid otherwise
     */
    public URI check(SpdciPartners.Partner partner, URI senderUri) {
        List<String> registered = partner.callbackUris().orElse(List.of());
        if (registered.stream().noneMatch(r -> below(senderUri, r))) {
            throw new DciException(400, "err.sender_uri.invalid", registered.isEmpty()
                    ? "no callback URI is registered for your client: use the synchronous endpoints, or ask the"
                            + " registry operator to register one"
                    : "header.sender_uri must be one of the callback URIs registered for your client, or below one");
        }
        String literal = literalRefusal(senderUri.getHost());
        if (literal != null) {
            throw new DciException(400, "err.sender_uri.invalid", "header.sender_uri: " + literal);
        }
        return senderUri;
    }

    /** Whether a callback URL (a sender_uri with the spec's path appended) is still allowed for the client. */
    public boolean registeredFor(String clientId, String url) {
        try {
            URI uri = new URI(url);
            return partners.partnerOf(clientId)
                    .map(p -> p.callbackUris().orElse(List.of()).stream().anyMatch(r -> below(uri, r)))
                    .orElse(false);
        } catch (URISyntaxException e) {
            return false;
        }
    }

    /**
     * Resolves the URL's host and says why it may not be called, or {@code null} when it may. Blocks on name
     * resolution: call it on a worker thread.
     */
    public String refusal(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return "not a URI";
        }
        String host = uri.getHost();
        if (host == null) {
            return "no host";
        }
        String literal = literalRefusal(host);
        if (literal != null) {
            return literal;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(unbracket(host))) {
                String refusal = addressRefusal(address);
                if (refusal != null) {
                    return host + " resolves to " + refusal;
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "host " + host + " does not resolve";
        }
    }

    /** A refusal for a host written as an IP address or as localhost; {@code null} for other names. */
    String literalRefusal(String host) {
        if (host == null) {
            return "no host";
        }
        String name = unbracket(host).toLowerCase(Locale.ROOT);
        if (name.equals("localhost") || name.endsWith(".localhost")) {
            return partners.callbacks().allowLoopback() ? null : "a loopback address (" + name + ") is not allowed";
        }
        if (!name.contains(":") && !name.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            // Numeric hosts in other forms (2130706433, 0x7f.1, 127.1) reach internal addresses past naive checks.
            return name.matches("(?i)[0-9a-fx.]+") && name.matches("(?i)[0-9].*")
                    ? "an IP address must be written as four decimal numbers" : null;
        }
        try {
            return addressRefusal(InetAddress.getByName(name));
        } catch (UnknownHostException e) {
            return "not a valid address";
        }
    }

    /** Why a callback may not go to this address under the configuration, or {@code null}. */
    String addressRefusal(InetAddress a) {
        if (a.isLoopbackAddress()) {
            return partners.callbacks().allowLoopback() ? null
                    : "a loopback address (" + a.getHostAddress() + ") is not allowed";
        }
        if (isInternal(a)) {
            return partners.callbacks().allowPrivate() ? null
                    : "a private, link-local or internal address (" + a.getHostAddress() + ") is not allowed";
        }
        return null;
    }

    static boolean isInternal(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress() || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            return first == 0 // "this network"
                    || (first == 100 && second >= 64 && second < 128) // carrier-grade NAT
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    || (first == 198 && (second == 18 || second == 19)) // benchmarking
                    || first >= 240; // reserved, broadcast
        }
        if (a instanceof Inet6Address) {
            return (b[0] & 0xfe) == 0xfc; // unique local fc00::/7
        }
        return false;
    }

    /**
     * Whether {@code candidate} lies below {@code registered}: same scheme, host and port (default ports filled
     * in), no user info, and a path equal to the registered one or below it by whole segments.
     */
    static boolean below(URI candidate, String registered) {
        URI base;
        try {
            base = new URI(registered.strip()).normalize();
        } catch (URISyntaxException e) {
            return false;
        }
        URI c = candidate.normalize();
        if (c.getScheme() == null || base.getScheme() == null || c.getHost() == null || base.getHost() == null
                || c.getRawUserInfo() != null || c.getRawQuery() != null || c.getRawFragment() != null) {
            return false;
        }
        if (!c.getScheme().equalsIgnoreCase(base.getScheme()) || !c.getHost().equalsIgnoreCase(base.getHost())
                || port(c) != port(base)) {
            return false;
        }
        String path = c.getRawPath() == null || c.getRawPath().isEmpty() ? "/" : c.getRawPath();
        String prefix = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        if (path.contains("/../") || path.endsWith("/..") || path.startsWith("..")) {
            return false;
        }
        if (path.equals(prefix)) {
            return true;
        }
        return path.startsWith(prefix.endsWith("/") ? prefix : prefix + "/");
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
