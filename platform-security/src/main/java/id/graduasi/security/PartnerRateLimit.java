package id.graduasi.security;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import id.graduasi.rest.Problem;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;

/**
 * Per-client rate limit for PARTNER tokens: a token bucket per client id, in memory (per replica). Staff tokens
 * are not limited. Over the limit: 429 problem+json with Retry-After.
 */
@ApplicationScoped
public class PartnerRateLimit {

    private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();
    private final CurrentIdentityAssociation identities;
    private final int capacity;
    private final double perSecond;

    public PartnerRateLimit(CurrentIdentityAssociation identities,
            @ConfigProperty(name = "graduasi.security.partner-rate.capacity", defaultValue = "120") int capacity,
            @ConfigProperty(name = "graduasi.security.partner-rate.per-second", defaultValue = "20") double perSecond) {
        this.identities = identities;
        this.capacity = capacity;
        this.perSecond = perSecond;
    }

    @ServerRequestFilter
    public Uni<Response> limit() {
        return identities.getDeferredIdentity()
                .map(identity -> {
                    if (identity == null || identity.isAnonymous() || !identity.hasRole(Roles.PARTNER)) {
                        return (Response) null;
                    }
                    String client = clientOf(identity);
                    long wait = buckets.computeIfAbsent(client, c -> new TokenBucket(capacity, perSecond,
                            System.nanoTime())).take(System.nanoTime());
                    if (wait == 0) {
                        return null;
                    }
                    return Response.status(429).type(Problem.MEDIA_TYPE).header("Retry-After", Long.toString(wait))
                            .entity(Problem.of(429, "Too Many Requests",
                                    "the rate limit of client " + client + " is reached; retry after " + wait + " s",
                                    List.of()))
                            .build();
                })
                // A bad token is refused by the authorization check that follows, as 401.
                .onFailure().recoverWithNull();
    }

    private static String clientOf(io.quarkus.security.identity.SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof org.eclipse.microprofile.jwt.JsonWebToken jwt) {
            for (String claim : List.of("azp", "client_id")) {
                Object value = jwt.getClaim(claim);
                if (value != null) {
                    return value.toString();
                }
            }
        }
        return identity.getPrincipal().getName();
    }
}
