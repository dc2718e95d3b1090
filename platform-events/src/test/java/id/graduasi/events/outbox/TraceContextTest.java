package id.graduasi.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

class TraceContextTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void theCurrentSpanIsCapturedAsW3cTraceparentAndTracestate() {
        SpanContext span = SpanContext.create(TRACE_ID, SPAN_ID, TraceFlags.getSampled(),
                TraceState.builder().put("vendor", "x1").build());
        TraceContext captured;
        try (var scope = Context.root().with(Span.wrap(span)).makeCurrent()) {
            captured = TraceContext.current();
        }
        assertEquals("00-" + TRACE_ID + "-" + SPAN_ID + "-01", captured.traceparent());
        assertEquals("vendor=x1", captured.tracestate());
    }

    @Test
    void outsideATraceNothingIsCapturedAndTheRelayStartsANewTrace() {
        TraceContext captured = TraceContext.current();
        assertNull(captured.traceparent());
        assertEquals("", captured.traceparentParameter(), "stored as null through nullif");
        assertFalse(Span.fromContext(captured.toContext()).getSpanContext().isValid());
    }

    @Test
    void aStoredTraceparentBecomesTheRemoteParentOfThePublish() {
        SpanContext parent = Span.fromContext(
                new TraceContext("00-" + TRACE_ID + "-" + SPAN_ID + "-00", null).toContext()).getSpanContext();
        assertTrue(parent.isRemote());
        assertEquals(TRACE_ID, parent.getTraceId());
        assertEquals(SPAN_ID, parent.getSpanId());
        assertFalse(parent.isSampled(), "an unsampled caller stays unsampled");
    }
}
