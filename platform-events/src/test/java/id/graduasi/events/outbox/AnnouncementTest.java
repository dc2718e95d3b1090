package id.graduasi.events.outbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import id.graduasi.events.outbox.RelayWorker.Announcement;

/** The payloads of the outbox triggers' notifications (V0_19_1, V0_20_1), as the relay reads them. */
class AnnouncementTest {

    @Test
    void interactiveRowsAnnounceTheirLowestSeq() {
        assertEquals(new Announcement(42, Long.MAX_VALUE), Announcement.parse("42"));
    }

    @Test
    void bulkRowsAnnounceWhereTheirRoundReadsFrom() {
        assertEquals(new Announcement(Long.MAX_VALUE, 1001), Announcement.parse("bulk:1001"));
        assertEquals(new Announcement(7, 3), Announcement.parse("7 bulk:9 bulk:3"));
    }

    @Test
    void bulkRowsAnnouncedByTheEarlierTriggerAreReadFromTheStart() {
        assertEquals(new Announcement(Long.MAX_VALUE, 0), Announcement.parse("bulk"));
    }

    @Test
    void aPayloadTheRelayCannotReadAsksForEverythingFromTheStart() {
        assertNull(Announcement.parse(""), "the trigger before V0_19 announced nothing");
        assertNull(Announcement.parse(null));
        assertNull(Announcement.parse("12 interactive"));
        assertNull(Announcement.parse("bulk:"));
    }
}
