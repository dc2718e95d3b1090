package id.graduasi.events.contract;

import java.util.UUID;

/** Every payload names its household: it is the record key and the CloudEvents subject. */
public interface HouseholdEvent {
    UUID householdId();
}
