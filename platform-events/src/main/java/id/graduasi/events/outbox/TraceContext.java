package id.graduasi.events.outbox;

import java.util.HashMap;
import java.util.Map;

import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;

/**
 * The W3C trace context an outbox row carries from the transaction that appended it to the relay that publishes
 * it: the relay runs later, on a scheduler, where the request's span is long gone.
 */
public record TraceContext(String traceparent, String tracestate) {

    static final TraceContext NONE = new TraceContext(null, null);

    private static final TextMapGetter<Map<String, String>> GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    /** The trace context current on this thread or Vert.x context; {@link #NONE} outside a trace. */
    static TraceContext current() {
        Map<String, String> carrier = new HashMap<>();
        W3CTraceContextPropagator.getInstance().inject(Context.current(), carrier, Map::put);
        return new TraceContext(carrier.get("traceparent"), carrier.get("tracestate"));
    }

    /** The remote parent this context names; the root context (a new trace) when there is none. */
    public Context toContext() {
        if (traceparent == null) {
            return Context.root();
        }
        Map<String, String> carrier = new HashMap<>();
        carrier.put("traceparent", traceparent);
        if (tracestate != null) {
            carrier.put("tracestate", tracestate);
        }
        return W3CTraceContextPropagator.getInstance().extract(Context.root(), carrier, GETTER);
    }

    /** SQL parameters: the reactive client cannot bind an untyped null, so absent travels as '' and is nulled. */
    String traceparentParameter() {
        return traceparent == null ? "" : traceparent;
    }

    String tracestateParameter() {
        return tracestate == null ? "" : tracestate;
    }
}
