package id.graduasi.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.CompositeException;

class ProblemMappersTest {

    private final ProblemMappers mappers = new ProblemMappers();

    @Test
    void aRequestThatFindsTheDatabaseDownIsAFast503ProblemNotA500() {
        // As seen with PostgreSQL stopped (issue #17): the statement failed, then the rollback, and Mutiny
        // reported both; the connection refused is in there.
        var failure = new CompositeException(new IllegalStateException("Failed to rollback transaction"),
                new IllegalStateException("wrapped", new IOException("Connection refused: /127.0.0.1:5432")));

        var response = mappers.unexpected(failure);

        assertEquals(503, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
        assertEquals("5", response.getHeaderString("Retry-After"));
        assertEquals(503, ((Problem) response.getEntity()).status());
    }

    @Test
    void anythingElseUnexpectedIsStillA500Problem() {
        var response = mappers.unexpected(new IllegalStateException("a bug"));

        assertEquals(500, response.getStatus());
        assertEquals(Problem.MEDIA_TYPE, response.getMediaType().toString());
    }
}
