package id.graduasi.dashboard.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import id.graduasi.dashboard.service.ProjectionService.Status;
import id.graduasi.events.contract.HouseholdStatusChanged;

/** A run's status changes of one household folded into the one update that applying them one by one makes. */
class StatusFoldTest {

    private static final UUID HOUSEHOLD = UUID.randomUUID();

    private static Status fold(HouseholdStatusChanged... events) {
        Status status = null;
        for (HouseholdStatusChanged e : events) {
            status = Status.after(status, e);
        }
        return status;
    }

    private static HouseholdStatusChanged change(String to, Long revision) {
        return new HouseholdStatusChanged(HOUSEHOLD, "64.03.01.2001", null, to, null, Instant.now(), revision, null);
    }

    @Test
    void theNewestRevisionWinsAndIsLeftToTheStoredRevisionToJudge() {
        assertEquals(new Status("GRADUATED", 4L, false),
                fold(change("ACTIVE", 3L), change("GRADUATED", 4L), change("VERIFIED", 2L)));
    }

    @Test
    void anEqualRevisionDoesNotReplaceTheOneBeforeIt() {
        assertEquals(new Status("ACTIVE", 3L, false), fold(change("ACTIVE", 3L), change("EXITED", 3L)));
    }

    @Test
    void anEventWithoutRevisionIsAlwaysAppliedSoTheRunAloneDecidesFromItOn() {
        assertEquals(new Status("ACTIVE", null, true), fold(change("GRADUATED", 9L), change("ACTIVE", null)));
        // after it the stored revision is null: any revision applies, and older ones after that do not
        assertEquals(new Status("EXITED", 5L, true),
                fold(change("ACTIVE", null), change("EXITED", 5L), change("VERIFIED", 2L)));
    }
}
