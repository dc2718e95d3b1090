package id.graduasi.events.inbox;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import id.graduasi.events.contract.GraduationDecisionEvent;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Where a consumer notes a graduation decision event it ignores because its projection already applied a decision
 * sequence at least as new (docs/events.md, causal order): counted in
 * {@code graduasi_events_stale_decisions_total{type}} so that a relay re-sending old events shows on a dashboard,
 * and logged at debug with ids only.
 */
@ApplicationScoped
public class StaleDecisions {

    private static final Logger LOG = Logger.getLogger(StaleDecisions.class);

    private final MeterRegistry meters;

    public StaleDecisions(MeterRegistry meters) {
        this.meters = meters;
    }

    /**
     * Whether {@code event} is not newer than the sequence a projection applied ({@code applied}, null: none yet);
     * if so it is {@link #ignored}. An event without a sequence is never stale by it.
     */
    public boolean stale(GraduationDecisionEvent event, Long applied) {
        if (!event.notNewerThan(applied)) {
            return false;
        }
        ignored(event);
        return true;
    }

    /** Counts and logs a decision event ignored as stale. */
    public void ignored(GraduationDecisionEvent event) {
        String type = event.getClass().getSimpleName();
        meters.counter("graduasi_events_stale_decisions_total", "type", type).increment();
        LOG.debugf("ignoring %s with decision sequence %s of household %s: one at least as new was applied", type,
                event.decisionSequence(), event.householdId());
    }
}
