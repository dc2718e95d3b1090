package id.graduasi.registry.security;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import id.graduasi.rest.Problem;

/**
 * While the NIK keys are not verified ({@link NikKeyCheck}), the API answers 503 (problem+json) rather than a
 * 500 on each request that reads a member; a ciphertext that still cannot be read is a 503 too. The key id is
 * named in readiness and the log, not to callers.
 */
public class NikKeyGate {

    private static final Logger LOG = Logger.getLogger(NikKeyGate.class);

    private final NikKeyCheck check;

    public NikKeyGate(NikKeyCheck check) {
        this.check = check;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseWhileKeysFail(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (check.failure() != null && (path.startsWith("/api/") || path.startsWith("/registry/"))) {
            return unavailable();
        }
        return null;
    }

    @ServerExceptionMapper
    public Response unreadable(NikKeyUnavailableException e) {
        LOG.errorf("a ciphertext could not be read with NIK key %s", e.keyId());
        return unavailable();
    }

    private static Response unavailable() {
        return Response.status(503).type(Problem.MEDIA_TYPE).header("Retry-After", "30")
                .entity(Problem.of(503, "Service Unavailable", "personal data cannot be read: the service's NIK key"
                        + " check has not passed (see its readiness)", List.of()))
                .build();
    }
}
