package id.graduasi.mentoring.rest;

import java.net.URI;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import id.graduasi.rest.IdempotencyService;

/** The answer of a command run through {@link IdempotencyService}: the first one, again, on a resend. */
final class Idempotent {

    static final String KEY = "Idempotency-Key";

    private Idempotent() {
    }

    static Response response(IdempotencyService.Outcome outcome) {
        Response.ResponseBuilder builder = Response.status(outcome.status()).type(MediaType.APPLICATION_JSON)
                .entity(outcome.json());
        if (outcome.location() != null) {
            builder.location(URI.create(outcome.location()));
        }
        if (outcome.replayed()) {
            builder.header("Idempotent-Replayed", "true");
        }
        return builder.build();
    }
}
