package id.graduasi.security;

import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.MDC;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;

/**
 * On every HTTP response (API, health, OpenAPI, errors from the security layer alike): nosniff, no framing, no
 * referrer, HSTS, and {@code Cache-Control: no-store} on {@code /api} (personal data must not sit in caches).
 * Also gives each request an id: the client's {@code X-Request-Id} when it is a plain token, else a new UUID,
 * echoed in the response, kept for the audit log and put in the logging MDC as {@code requestId}.
 */
@ApplicationScoped
public class SecurityHeaders {

    public static final String REQUEST_ID = "graduasi.request-id";
    /** The MDC key: JSON logs carry it next to OpenTelemetry's traceId and spanId. */
    public static final String MDC_REQUEST_ID = "requestId";
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    void register(@Observes Filters filters) {
        filters.register(rc -> {
            String requestId = rc.request().getHeader("X-Request-Id");
            if (requestId == null || !PLAIN_ID.matcher(requestId).matches()) {
                requestId = UUID.randomUUID().toString();
            }
            rc.put(REQUEST_ID, requestId);
            // Quarkus keeps the MDC in the request's duplicated Vert.x context: it follows the request across
            // threads and reactive continuations, and goes away with it.
            MDC.put(MDC_REQUEST_ID, requestId);
            MultiMap headers = rc.response().headers();
            headers.set("X-Request-Id", requestId);
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
            String path = rc.normalizedPath();
            if (path != null && (path.equals("/api") || path.startsWith("/api/"))) {
                headers.set("Cache-Control", "no-store");
            }
            rc.next();
        }, 1000);
    }
}
