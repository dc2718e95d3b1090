package id.graduasi.events.contract;

import java.util.UUID;

/** A payload about one household: its id is the record key and the CloudEvents subject. */
public interface HouseholdEvent extends ContractEvent {
    UUID householdId();

    @Override
    default String recordKey() {
        return householdId().toString();
    }
}
