package id.graduasi.events.metrics;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Business counters, one increment per committed fact: the outbox relay calls {@link #published} for every
 * event the broker acknowledged, after the relay's transaction marked it sent. An event exists only if its
 * state change committed, and a row is marked sent once, so a fact is counted once — except when the relay
 * dies between the broker's ack and its commit, where the event is published again (at least once) but this
 * process's counters die with it. Each service publishes only its own events, so it shows only its own
 * counters; Prometheus sums them over replicas (only the replica holding the relay lock counts).
 * <p>
 * Counters appear on the first fact: their labels (programme, kind, pathway) come from the events.
 */
@ApplicationScoped
public class BusinessMetrics {

    static final String HOUSEHOLDS_REGISTERED = "graduasi_households_registered_total";
    static final String ENROLLMENTS_ACTIVATED = "graduasi_enrollments_activated_total";
    static final String DISBURSED_RUPIAH = "graduasi_disbursed_rupiah_total";
    static final String VISITS_RECORDED = "graduasi_visits_recorded_total";
    static final String GRADUATIONS = "graduasi_graduations_total";
    static final String GRADUATION_REVERSALS = "graduasi_graduation_reversals_total";

    private static final Logger LOG = Logger.getLogger(BusinessMetrics.class);

    private final MeterRegistry registry;
    private final ObjectMapper mapper;

    public BusinessMetrics(MeterRegistry registry, ObjectMapper mapper) {
        this.registry = registry;
        this.mapper = mapper;
    }

    /** Counts one published event: its CloudEvents type and its JSON data as stored in the outbox. */
    public void published(String type, String data) {
        Optional<EventType> known = EventType.fromType(type);
        if (known.isEmpty()) {
            return;
        }
        switch (known.get()) {
            // No payload needed: a bulk import publishes a million of these and none is parsed.
            case HOUSEHOLD_REGISTERED -> counter(HOUSEHOLDS_REGISTERED,
                    "Households registered (committed and published)").increment();
            case ENROLLMENT_ACTIVATED -> parse(type, data).ifPresent(d -> counter(ENROLLMENTS_ACTIVATED,
                    "Enrollments activated, by programme", "programme", text(d, "programme")).increment());
            case AID_DISBURSED -> parse(type, data).ifPresent(d -> counter(DISBURSED_RUPIAH,
                    "Rupiah paid to households (confirmed by the payment provider), by programme", "programme",
                    text(d, "programme")).increment(d.path("amount").asLong()));
            case VISIT_RECORDED -> parse(type, data).ifPresent(d -> counter(VISITS_RECORDED,
                    "Visits and sessions recorded by social workers, by kind", "kind", text(d, "kind")).increment());
            case GRADUATION_DECIDED_V2 -> parse(type, data).ifPresent(d -> counter(GRADUATIONS,
                    "Households graduated, by pathway", "pathway", text(d, "pathway")).increment());
            case GRADUATION_REVERTED_V2 -> parse(type, data).ifPresent(d -> counter(GRADUATION_REVERSALS,
                    "Graduation decisions reverted (relapse or error), by pathway", "pathway",
                    text(d, "pathway")).increment());
            default -> {
                // not a business counter
            }
        }
    }

    private Counter counter(String name, String description, String... tags) {
        return Counter.builder(name).description(description).tags(tags).register(registry);
    }

    private Optional<JsonNode> parse(String type, String data) {
        try {
            return Optional.of(mapper.readTree(data));
        } catch (JsonProcessingException e) {
            // Cannot happen for a row the writer validated; never let a metric break publishing.
            LOG.warnf("%s not counted: its data is not JSON", type);
            return Optional.empty();
        }
    }

    private static String text(JsonNode data, String field) {
        return data.path(field).asText("unknown");
    }
}
