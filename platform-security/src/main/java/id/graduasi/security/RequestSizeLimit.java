package id.graduasi.security;

import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import id.graduasi.rest.Problem;
import io.quarkus.runtime.configuration.MemorySize;

/**
 * Request bodies are refused above {@code graduasi.security.max-body-size} (default 1M) before they are read, as
 * problem+json (413), and so is a body of undeclared length (411). Paths under
 * {@code graduasi.security.large-body-paths} (e.g. the registry's bulk import) are left to the server's own
 * {@code quarkus.http.limits.max-body-size}.
 */
@ApplicationScoped
public class RequestSizeLimit {

    private final long maxBytes;
    private final String readable;
    private final List<String> largeBodyPaths;

    public RequestSizeLimit(
            @ConfigProperty(name = "graduasi.security.max-body-size", defaultValue = "1M") MemorySize maxBodySize,
            @ConfigProperty(name = "graduasi.security.large-body-paths") Optional<List<String>> largeBodyPaths) {
        this.maxBytes = maxBodySize.asLongValue();
        this.readable = maxBytes % (1024 * 1024) == 0 ? maxBytes / (1024 * 1024) + " MB" : maxBytes + " bytes";
        this.largeBodyPaths = largeBodyPaths.orElse(List.of());
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (largeBodyPaths.stream().anyMatch(path::startsWith)) {
            return null;
        }
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            // A body of unknown length (chunked) could be anything up to the server's limit: not here.
            return request.getHeaderString("Transfer-Encoding") == null ? null
                    : Response.status(411).type(Problem.MEDIA_TYPE).entity(Problem.of(411, "Length Required",
                            "send the body with a Content-Length (at most " + readable + ")", List.of())).build();
        }
        try {
            if (Long.parseLong(length) <= maxBytes) {
                return null;
            }
        } catch (NumberFormatException e) {
            // not a number: the server answers it as any malformed request
            return null;
        }
        return Response.status(413).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(413, "Content Too Large", "a request body may be at most " + readable, List.of()))
                .build();
    }
}
