package id.graduasi.events.contract;

/**
 * An event of the registry about one household. {@link #revision()} is the household's revision in the registry
 * (its {@code household_revision.revision}) once the change the event announces was made: 0 at registration, one
 * more for every change of the household record, never lower for a later event of the household. Events that do
 * not change the record (an indicator observation) carry the revision it stood at. Consumers keep the highest
 * revision they applied per household and let no event with a lower one change their state: the topics are not
 * ordered against each other, and the relay may deliver e2, e1, e2 after a failed send. Null in events written
 * before the field existed (additive change of v1, see docs/events.md).
 */
public interface RegistryHouseholdEvent extends HouseholdEvent {

    Long revision();

    /** True when this event is older than what a projection already applied ({@code applied} null: nothing yet). */
    default boolean olderThan(Long applied) {
        return revision() != null && applied != null && revision() < applied;
    }

    /**
     * True when this event is not newer than what a projection applied. For a status change: every change of the
     * household record makes a new revision, so one carrying the revision applied is that change again.
     */
    default boolean notNewerThan(Long applied) {
        return revision() != null && applied != null && revision() <= applied;
    }
}
