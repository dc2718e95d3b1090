package id.graduasi.rest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.persistence.TransactionLocks;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;

/**
 * Runs a command at most once per {@code Idempotency-Key}: the command and the record of its answer commit in
 * one transaction, so a client that retries (a timeout, a lost response) gets the first answer again and nothing
 * happens twice. The same key with a different request is refused (422). A command that failed left no record
 * and may be retried under the same key. A service that uses it creates the {@code idempotency_record} table
 * (scope, key, request_hash, status, body, created_at; primary key scope and key) in its own migrations.
 */
@ApplicationScoped
public class IdempotencyService {

    /** An answer as the client gets it. */
    public record Answer(int status, Object body, String location) {
    }

    /** An answer, and whether it is the recorded answer of an earlier request. */
    public record Outcome(int status, String json, String location, boolean replayed) {

        /** The HTTP answer: the first one, again, on a resend (marked {@code Idempotent-Replayed: true}). */
        public jakarta.ws.rs.core.Response toResponse() {
            jakarta.ws.rs.core.Response.ResponseBuilder builder = jakarta.ws.rs.core.Response.status(status)
                    .type(jakarta.ws.rs.core.MediaType.APPLICATION_JSON).entity(json);
            if (location != null) {
                builder.location(java.net.URI.create(location));
            }
            if (replayed) {
                builder.header("Idempotent-Replayed", "true");
            }
            return builder.build();
        }
    }

    /** The request header naming a command's idempotency key. */
    public static final String HEADER = "Idempotency-Key";

    private record Recorded(int status, String body, String location) {
    }

    private final ObjectMapper mapper;

    public IdempotencyService(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * @param key the client's Idempotency-Key, or null to run the command without one
     * @param request what identifies the request besides the key (method, path, body), to detect a reused key
     */
    @WithTransaction
    public Uni<Outcome> once(String scope, String key, String request, Supplier<Uni<Answer>> command) {
        if (key == null) {
            return command.get().map(answer -> new Outcome(answer.status(), json(answer.body()), answer.location(),
                    false));
        }
        if (key.isEmpty() || key.length() > 200 || !key.chars().allMatch(c -> c > 32 && c < 127)) {
            return Uni.createFrom().failure(ProblemException.badRequest(HEADER,
                    "must be 1-200 visible ASCII characters, e.g. a UUID"));
        }
        String hash = sha256(request);
        return TransactionLocks.lock("idempotency:" + scope + ":" + key)
                .chain(() -> NativeSql.rows(
                        "select request_hash, status, body from idempotency_record where scope = ?1 and key = ?2",
                        scope, key))
                .chain(rows -> {
                    if (!rows.isEmpty()) {
                        Object[] row = rows.get(0);
                        if (!hash.equals(row[0].toString())) {
                            throw new ProblemException(422, "Unprocessable Content",
                                    "this Idempotency-Key was used for a different request",
                                    List.of(new Problem.FieldError("Idempotency-Key",
                                            "was used for a different request; use a new key for a new request")));
                        }
                        Recorded recorded = read(row[2].toString());
                        return Uni.createFrom().item(new Outcome(recorded.status(), recorded.body(),
                                recorded.location(), true));
                    }
                    return command.get().chain(answer -> {
                        String body = json(answer.body());
                        String stored = json(new Recorded(answer.status(), body, answer.location()));
                        return NativeSql.update("""
                                insert into idempotency_record (scope, key, request_hash, status, body, created_at)
                                values (?1, ?2, ?3, ?4, ?5, ?6)""", scope, key, hash, answer.status(), stored,
                                Instant.now())
                                .replaceWith(new Outcome(answer.status(), body, answer.location(), false));
                    });
                });
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be written as JSON", e);
        }
    }

    private Recorded read(String stored) {
        try {
            return mapper.readValue(stored, Recorded.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("recorded answer cannot be read", e);
        }
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
