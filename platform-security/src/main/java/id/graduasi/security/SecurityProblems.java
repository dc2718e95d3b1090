package id.graduasi.security;

import java.util.List;

import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import id.graduasi.rest.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * 401 and 403 as problem+json. Needs {@code quarkus.http.auth.proactive=false}, so that authentication happens
 * inside the REST layer where these mappers apply.
 */
public class SecurityProblems {

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e) {
        return Response.status(401).type(Problem.MEDIA_TYPE).header("WWW-Authenticate", "Bearer")
                .entity(Problem.of(401, "Unauthorized", "a valid bearer token is required", List.of())).build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(403, "Forbidden", "your roles do not allow this request", List.of())).build();
    }

    /** A write the caller's role allows, aimed at a region outside the caller's regions. */
    public static id.graduasi.rest.ProblemException outOfScope(String field) {
        return new id.graduasi.rest.ProblemException(403, "Forbidden",
                field + " is outside the regions your token grants", List.of());
    }
}
