package id.graduasi.events.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import id.graduasi.events.contract.EventType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

class BusinessMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final BusinessMetrics metrics = new BusinessMetrics(registry, new ObjectMapper());

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void eachPublishedRegistrationCountsOneHousehold() {
        metrics.published(EventType.HOUSEHOLD_REGISTERED.type(), "{}");
        metrics.published(EventType.HOUSEHOLD_REGISTERED.type(), "{}");
        assertEquals(2, count("graduasi_households_registered_total"));
    }

    @Test
    void disbursementsAddTheirRupiahPerProgramme() {
        metrics.published(EventType.AID_DISBURSED.type(), "{\"programme\":\"PKH\",\"amount\":225000}");
        metrics.published(EventType.AID_DISBURSED.type(), "{\"programme\":\"PKH\",\"amount\":750000}");
        metrics.published(EventType.AID_DISBURSED.type(), "{\"programme\":\"RTLH\",\"amount\":20000000}");
        assertEquals(975_000, count("graduasi_disbursed_rupiah_total", "programme", "PKH"));
        assertEquals(20_000_000, count("graduasi_disbursed_rupiah_total", "programme", "RTLH"));
    }

    @Test
    void enrollmentsVisitsGraduationsAndReversalsAreCountedByTheirLabel() {
        metrics.published(EventType.ENROLLMENT_ACTIVATED.type(), "{\"programme\":\"KUBE\"}");
        metrics.published(EventType.VISIT_RECORDED.type(), "{\"kind\":\"HOME_VISIT\"}");
        metrics.published(EventType.VISIT_RECORDED.type(), "{\"kind\":\"P2K2_SESSION\"}");
        metrics.published(EventType.GRADUATION_DECIDED_V2.type(), "{\"pathway\":\"GRADUASI_MANDIRI\"}");
        metrics.published(EventType.GRADUATION_REVERTED_V2.type(), "{\"pathway\":\"GRADUASI_MANDIRI\"}");
        assertEquals(1, count("graduasi_enrollments_activated_total", "programme", "KUBE"));
        assertEquals(1, count("graduasi_visits_recorded_total", "kind", "HOME_VISIT"));
        assertEquals(1, count("graduasi_visits_recorded_total", "kind", "P2K2_SESSION"));
        assertEquals(1, count("graduasi_graduations_total", "pathway", "GRADUASI_MANDIRI"));
        assertEquals(1, count("graduasi_graduation_reversals_total", "pathway", "GRADUASI_MANDIRI"));
    }

    @Test
    void otherEventsAndUnknownTypesCountNothing() {
        metrics.published(EventType.MEMBER_ADDED.type(), "{}");
        metrics.published("id.graduasi.unknown.v9", "{}");
        metrics.published(EventType.GRADUATION_DECIDED_V2.type(), "not json");
        // v1 is retired; a v1 row written before the upgrade has its v2 beside it: counting both would count twice.
        metrics.published(EventType.GRADUATION_DECIDED.type(), "{\"pathway\":\"GRADUASI_MANDIRI\"}");
        assertEquals(0, registry.getMeters().size());
        assertNull(registry.find("graduasi_graduations_total").counter());
    }
}
