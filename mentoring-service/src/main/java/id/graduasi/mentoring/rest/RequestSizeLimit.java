package id.graduasi.mentoring.rest;

import java.util.List;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import id.graduasi.rest.Problem;

/**
 * Request bodies are refused above 4 MB before they are read (the largest legitimate one is an offline sync of
 * 200 visits with long notes), as a problem; a body of unknown length is refused too.
 */
public class RequestSizeLimit {

    static final long MAX_BYTES = 4L * 1024 * 1024;

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request) {
        String length = request.getHeaderString(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            // A chunked body could be anything up to the server's limit: the field app sends a Content-Length.
            return request.getHeaderString("Transfer-Encoding") == null ? null
                    : Response.status(411).type(Problem.MEDIA_TYPE).entity(Problem.of(411, "Length Required",
                            "send the body with a Content-Length (at most 4 MB)", List.of())).build();
        }
        try {
            if (Long.parseLong(length) <= MAX_BYTES) {
                return null;
            }
        } catch (NumberFormatException e) {
            // not a number: the server answers it as any malformed request
            return null;
        }
        return Response.status(413).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(413, "Content Too Large", "a request body may be at most 4 MB", List.of()))
                .build();
    }
}
