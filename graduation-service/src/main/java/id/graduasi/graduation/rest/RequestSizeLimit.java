package id.graduasi.graduation.rest;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import id.graduasi.rest.Problem;

/**
 * No request here needs more than 1 MB (a criteria document is a few kB): a larger body is refused as
 * problem+json before it is read, and so is a body of undeclared length.
 */
public class RequestSizeLimit {

    static final long MAX_BYTES = 1024 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            // A body of unknown length (chunked) could be anything up to the server's limit: not here.
            return request.getHeaderString("Transfer-Encoding") == null ? null
                    : Response.status(411).type(Problem.MEDIA_TYPE).entity(Problem.of(411, "Length Required",
                            "send the body with a Content-Length (at most 1 MB)", List.of())).build();
        }
        try {
            if (Long.parseLong(length) <= MAX_BYTES) {
                return null;
            }
        } catch (NumberFormatException e) {
            // not a number: let the server answer as it does to any malformed request
            return null;
        }
        return Response.status(413).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(413, "Content Too Large", "a request body may be at most 1 MB", List.of()))
                .build();
    }
}
