package id.graduasi.security;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;

/**
 * Who is calling, from the verified bearer token: {@code upn} (or {@code sub}) is the user or machine client,
 * {@code groups} its roles, {@code regions} the region-code prefixes it may see ({@code ["*"]} for all),
 * {@code programmes} a partner's granted programmes, {@code azp}/{@code client_id} the OAuth client.
 */
@RequestScoped
public class Caller {

    @Inject
    JsonWebToken jwt;

    @Inject
    CurrentVertxRequest request;

    /** The user or client; {@code anonymous} without a token (only on endpoints that allow that). */
    public String id() {
        String name = jwt == null ? null : jwt.getName();
        return name == null ? "anonymous" : name;
    }

    public Set<String> roles() {
        return jwt == null || jwt.getGroups() == null ? Set.of() : Set.copyOf(jwt.getGroups());
    }

    public boolean is(String role) {
        return roles().contains(role);
    }

    public RegionScope scope() {
        return new RegionScope(strings("regions"));
    }

    public Set<String> programmes() {
        return strings("programmes");
    }

    /** The OAuth client the token was issued to; the caller's id when the token names none. */
    public String clientId() {
        for (String claim : List.of("azp", "client_id", "clientId")) {
            Object value = jwt == null ? null : jwt.getClaim(claim);
            if (value != null && !value.toString().isBlank()) {
                return unquote(value.toString());
            }
        }
        return id();
    }

    /** The request's X-Request-Id (or the one generated for it by {@link SecurityHeaders}). */
    public String requestId() {
        Object id = request == null || request.getCurrent() == null ? null
                : request.getCurrent().get(SecurityHeaders.REQUEST_ID);
        return id == null ? null : id.toString();
    }

    private Set<String> strings(String claim) {
        Object value = jwt == null ? null : jwt.getClaim(claim);
        Set<String> result = new LinkedHashSet<>();
        if (value instanceof jakarta.json.JsonArray array) {
            array.forEach(v -> result.add(unquote(v.toString())));
        } else if (value instanceof Collection<?> collection) {
            collection.forEach(v -> result.add(unquote(String.valueOf(v))));
        } else if (value != null) {
            for (String part : unquote(value.toString()).split("[,\\s]+")) {
                if (!part.isBlank()) {
                    result.add(part);
                }
            }
        }
        return result;
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** For logs and audit rows: never the token itself. */
    @Override
    public String toString() {
        return id() + " " + new ArrayList<>(roles());
    }
}
