package id.graduasi.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LaneTest {

    @Test
    void eventsOfOneHouseholdAreInteractiveEventsOfManyAreBulk() {
        assertEquals(Lane.INTERACTIVE, OutboxWriter.lane(new String[] { "h1" }));
        assertEquals(Lane.INTERACTIVE, OutboxWriter.lane(new String[] { "h1", "h1", "h1" }),
                "a registration: the household and its members");
        assertEquals(Lane.BULK, OutboxWriter.lane(new String[] { "h1", "h2" }), "an import batch");
    }
}
