package id.graduasi.security;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.rest.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The size limits of a request, answered as problem+json (issue #17) before anything reads the body: a request
 * target longer than {@code graduasi.http.max-uri-length} (414), headers larger than
 * {@code graduasi.http.max-header-size} (431), a body above {@code graduasi.security.max-body-size} (413; paths
 * under {@code graduasi.security.large-body-paths}, e.g. the registry's bulk import, up to the server's
 * {@code quarkus.http.limits.max-body-size}), a body of undeclared length (411) and a Content-Length that is not
 * a number (400).
 *
 * <p>A Vert.x route ordered before the server's own upload limit (which answers a bare 413 and closes the
 * connection) and before the REST layer. The HTTP decoder's limits (META-INF/microprofile-config.properties) are
 * set well above these, so that a request between the two gets this problem; only one beyond the decoder's
 * limits still gets Vert.x's bare 414/431 (docs/reliability.md, "Bad input").
 */
@ApplicationScoped
public class HttpLimits {

    /** Before Quarkus's upload limit (RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT, -2) and every other route. */
    static final int ORDER = Integer.MIN_VALUE + 10;
    /**
     * A refused body is read and dropped, so that the client reads the answer instead of a reset connection,
     * up to this size; a larger declared body gets the answer and the connection is closed.
     */
    static final long SWALLOW_BYTES = 16L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final long maxBodyBytes;
    private final long maxLargeBodyBytes;
    private final int maxUriLength;
    private final long maxHeaderBytes;
    private final List<String> largeBodyPaths;

    public HttpLimits(
            @ConfigProperty(name = "graduasi.security.max-body-size", defaultValue = "1M") MemorySize maxBodySize,
            @ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K") MemorySize serverMax,
            @ConfigProperty(name = "graduasi.security.large-body-paths") Optional<List<String>> largeBodyPaths,
            @ConfigProperty(name = "graduasi.http.max-uri-length", defaultValue = "8192") int maxUriLength,
            @ConfigProperty(name = "graduasi.http.max-header-size", defaultValue = "16K") MemorySize maxHeaderSize) {
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.maxLargeBodyBytes = serverMax.asLongValue();
        this.largeBodyPaths = largeBodyPaths.orElse(List.of());
        this.maxUriLength = maxUriLength;
        this.maxHeaderBytes = maxHeaderSize.asLongValue();
    }

    void install(@Observes Router router) {
        router.route().order(ORDER).handler(this::check);
    }

    void check(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        if (request.uri().length() > maxUriLength) {
            refuse(ctx, 414, "URI Too Long", "the request target may be at most " + maxUriLength + " characters");
            return;
        }
        long headerBytes = 0;
        for (Map.Entry<String, String> h : request.headers()) {
            headerBytes += h.getKey().length() + h.getValue().length() + 4; // ": " and CRLF
        }
        if (headerBytes > maxHeaderBytes) {
            refuse(ctx, 431, "Request Header Fields Too Large",
                    "the request's headers may be at most " + readable(maxHeaderBytes) + " in all");
            return;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        String path = request.path();
        boolean large = path != null && largeBodyPaths.stream().anyMatch(path::startsWith);
        long max = large ? maxLargeBodyBytes : maxBodyBytes;
        if (length == null) {
            // A body of unknown length (chunked) could be anything up to the server's limit: only where large
            // bodies are expected.
            if (!large && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
                refuse(ctx, 411, "Length Required",
                        "send the body with a Content-Length (at most " + readable(max) + ")");
                return;
            }
            ctx.next();
            return;
        }
        long declared;
        try {
            declared = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuse(ctx, 400, "Bad Request", "the Content-Length header is not a number");
            return;
        }
        if (declared > max) {
            refuse(ctx, 413, "Content Too Large", "a request body may be at most " + readable(max));
            return;
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, int status, String title, String detail) {
        HttpServerRequest request = ctx.request();
        long declared = declaredLength(request);
        boolean chunked = request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        if (!request.isEnded()) {
            if (!chunked && declared <= SWALLOW_BYTES) {
                // Drop what the client still sends (nothing is kept) so that the connection stays usable.
                request.handler(buffer -> {
                });
                request.resume();
            } else {
                // Reading it all would cost the bandwidth of the attack: answer, then close.
                ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
            }
        }
        String body;
        try {
            body = JSON.writeValueAsString(Problem.of(status, title, detail, List.of()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE).end(body);
    }

    private static long declaredLength(HttpServerRequest request) {
        try {
            String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            return length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static String readable(long bytes) {
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MB";
        }
        return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }
}
