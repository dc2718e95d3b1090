package id.graduasi.events.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletionException;

import org.junit.jupiter.api.Test;

import io.vertx.pgclient.PgException;

class FailuresTest {

    @Test
    void connectionLossShutdownTimeoutsSerializationAndDeadlocksAreTransient() {
        for (String state : new String[] { "08006", "08001", "57P01", "57014", "53300", "40001", "40P01", "55P03" }) {
            assertTrue(Failures.transientCause(new PgException("x", "FATAL", state, "d")), state);
        }
        assertTrue(Failures.transientCause(new IOException("Connection reset")));
        assertTrue(Failures.transientCause(new java.util.concurrent.TimeoutException()));
    }

    @Test
    void aLostConnectionInsideACompositeFailureIsTransient() {
        // What a request saw when PostgreSQL stopped: the rollback failed too, and Mutiny reported both.
        var composite = new io.smallrye.mutiny.CompositeException(new IllegalStateException("rollback failed"),
                new IllegalStateException("wrapped", new IOException("Connection refused")));
        assertTrue(Failures.isTransient(new CompletionException(composite)));
        assertFalse(Failures.isTransient(new io.smallrye.mutiny.CompositeException(new IllegalStateException("a"),
                new IllegalArgumentException("b"))));
    }

    @Test
    void constraintViolationsAndRaisedExceptionsAreNotTransient() {
        for (String state : new String[] { "23505", "23503", "P0001", "42P01" }) {
            assertFalse(Failures.transientCause(new PgException("x", "ERROR", state, "d")), state);
        }
        assertFalse(Failures.transientCause(new IllegalArgumentException("bug")));
    }

    @Test
    void aHandlersRejectionAnywhereInTheCauseChainIsPermanentWithoutAskingTheDatabase() {
        // No pool: a permanent rejection must be recognised from the chain alone.
        var failures = new Failures(null);
        var wrapped = new CompletionException(new IllegalStateException("wrapped",
                new PoisonMessageException("never")));
        assertEquals(Failures.Kind.PERMANENT, failures.classify(wrapped).await().indefinitely());
        assertEquals(Failures.Kind.TRANSIENT, failures.classify(
                new RuntimeException(new PgException("x", "FATAL", "57P01", "d"))).await().indefinitely());
    }

    @Test
    void theReasonNamesTheRealFailureNotItsWrappers() {
        var real = new IllegalStateException("simulated bug");
        assertEquals(real, Failures.root(new CompletionException(real)));
    }
}
