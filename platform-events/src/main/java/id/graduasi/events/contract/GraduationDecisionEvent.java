package id.graduasi.events.contract;

/**
 * An event of graduation-service about a household's decisions (v2). {@link #decisionSequence()} numbers each
 * decision and each reversal of one household in the order graduation-service made them (1, 2, 3, ...): a later
 * one never carries a lower number. Consumers keep the highest sequence they applied per household and let no
 * event with a sequence not above it change their state: the relay may re-send a household's events after a
 * failed send (Reverted(d1), Decided(d2), then Decided(d1) again). Null in events written before the field existed
 * (additive change of v2, see docs/events.md): those are judged as before, by the decision they name.
 */
public interface GraduationDecisionEvent extends HouseholdEvent {

    Long decisionSequence();

    java.util.UUID decisionId();

    String villageCode();

    /**
     * True when a projection that applied {@code applied} must let this event change nothing: each decision and
     * each reversal gets its own sequence, so one carrying the applied sequence is that event again. False when
     * either is unknown (null).
     */
    default boolean notNewerThan(Long applied) {
        return decisionSequence() != null && applied != null && decisionSequence() <= applied;
    }
}
