package id.graduasi.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class OutboxReadinessTest {

    private final OutboxMetrics metrics = new OutboxMetrics(new SimpleMeterRegistry());
    private final OutboxReadiness readiness = new OutboxReadiness(metrics, Duration.ofMinutes(5));

    @Test
    void anEmptyOutboxIsReady() {
        metrics.record(0, 0, -1);
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
    }

    @Test
    void aLongBacklogThatKeepsDrainingIsReady() {
        metrics.record(900_000, 1_800, 1); // a bulk import: old events wait, but the relay published a second ago
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
    }

    @Test
    void anOutboxThatPublishedNothingForLongerThanTheStallLimitIsNotReady() {
        metrics.record(12, 301, 420);
        HealthCheckResponse response = readiness.call();
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertEquals(12L, response.getData().orElseThrow().get("backlog"));
    }

    @Test
    void anOutboxThatNeverPublishedAnythingIsNotReadyOnceAnEventWaitsTooLong() {
        metrics.record(1, 299, -1);
        assertEquals(HealthCheckResponse.Status.UP, readiness.call().getStatus());
        metrics.record(1, 301, -1);
        assertEquals(HealthCheckResponse.Status.DOWN, readiness.call().getStatus());
    }

    @Test
    void aSmallBacklogIsCountedAtEveryRefreshALargeOneOnceAMinute() {
        assertTrue(OutboxMetrics.recount(0, 0));
        assertTrue(OutboxMetrics.recount(9_999, 1));
        assertFalse(OutboxMetrics.recount(10_000, Duration.ofSeconds(59).toNanos()));
        assertFalse(OutboxMetrics.recount(1_000_000, Duration.ofSeconds(5).toNanos()));
        assertTrue(OutboxMetrics.recount(1_000_000, Duration.ofSeconds(60).toNanos()));
    }
}
