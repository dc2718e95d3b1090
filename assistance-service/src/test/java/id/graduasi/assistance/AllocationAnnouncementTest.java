package id.graduasi.assistance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.assistance.service.AllocationAnnouncer;
import id.graduasi.assistance.service.Allocations;
import id.graduasi.events.contract.EventType;
import id.graduasi.events.contract.ProgrammeAllocated;
import id.graduasi.events.contract.Topics;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestDatabaseAccess;
import id.graduasi.testing.TestKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * Issue #19: subscribers learn each programme's target and budget from ProgrammeAllocated on the compacted
 * allocation topic. Assistance announces every allocation of its file once, and again only when its figures
 * change, with the next revision of its key.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class AllocationAnnouncementTest {

    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    @Inject
    Allocations allocations;
    @Inject
    AllocationAnnouncer announcer;

    @Test
    void everyAllocationOfTheFileIsOnTheTopicAndOnlyAChangeIsAnnouncedAgain() throws Throwable {
        int inFile = allocations.all().size();
        // The scheduled first run at start-up announces the file.
        Map<String, ProgrammeAllocated> latest = await().atMost(Duration.ofSeconds(30))
                .until(AllocationAnnouncementTest::latest, m -> m.size() == inFile);
        for (Allocations.Allocation a : allocations.all()) {
            ProgrammeAllocated announced = latest.get(ProgrammeAllocated.key(a.programme(), a.year(), a.region()));
            assertEquals(a.budget(), announced.budget(), announced.recordKey());
            assertEquals(a.targetHouseholds(), announced.targetHouseholds(), announced.recordKey());
            assertEquals(a.fundingSource(), announced.fundingSource(), announced.recordKey());
        }
        assertEquals(0, VertxContextSupport.subscribeAndAwait(() -> announcer.announce()),
                "nothing changed, nothing announced");

        // The file of an earlier deploy gave the RTLH share of 64.72 another budget: this deploy announces the file's.
        Allocations.Allocation share = allocations.all().stream().filter(a -> a.region() != null).findFirst()
                .orElseThrow();
        String key = ProgrammeAllocated.key(share.programme(), share.year(), share.region());
        long revision = latest.get(key).revision();
        try (Connection db = TestDatabaseAccess.owner(); var update = db.prepareStatement(
                "update announced_allocation set budget = budget + 1 where programme = ? and year = ? and region = ?")) {
            update.setString(1, share.programme());
            update.setInt(2, share.year());
            update.setString(3, share.region());
            assertEquals(1, update.executeUpdate());
        }
        assertEquals(1, VertxContextSupport.subscribeAndAwait(() -> announcer.announce()), "the changed one only");
        ProgrammeAllocated again = await().atMost(Duration.ofSeconds(30))
                .until(() -> latest().get(key), a -> a.revision() == revision + 1);
        assertEquals(share.budget(), again.budget());
        assertTrue(TestKafka.readAll(Topics.ASSISTANCE_ALLOCATION).stream()
                .allMatch(e -> e.subject().equals(e.key())), "the subject is the record key");
    }

    /** The highest revision of each key on the topic, as a subscriber keeps it. */
    private static Map<String, ProgrammeAllocated> latest() {
        List<ProgrammeAllocated> all = TestKafka.readAll(Topics.ASSISTANCE_ALLOCATION).stream()
                .filter(e -> e.type().equals(EventType.PROGRAMME_ALLOCATED.type())).map(e -> {
                    try {
                        return MAPPER.readValue(e.value(), ProgrammeAllocated.class);
                    } catch (java.io.IOException x) {
                        throw new IllegalStateException(x);
                    }
                }).toList();
        return all.stream().collect(Collectors.toMap(ProgrammeAllocated::recordKey, Function.identity(),
                (a, b) -> Comparator.comparingLong(ProgrammeAllocated::revision).compare(a, b) >= 0 ? a : b));
    }
}
