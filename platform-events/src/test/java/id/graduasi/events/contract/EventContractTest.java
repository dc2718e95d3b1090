package id.graduasi.events.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The payload records and their JSON Schemas are one contract: what a producer serializes (with an ObjectMapper
 * configured like Quarkus') is what the schema accepts, and the schema refuses what it must.
 */
class EventContractTest {

    /** Configured like the ObjectMapper Quarkus injects: JSR-310 module, ISO-8601 strings for dates. */
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private static final UUID HOUSEHOLD = UUID.fromString("5d0c2f7e-3b1a-4c8e-9f60-7a2b1e4d8c11");
    private static final String VILLAGE = "64.72.01.1001";

    /** One realistic payload per event type; the exhaustive switch stops compiling when a type is added. */
    static ContractEvent sample(EventType type) {
        return switch (type) {
            case HOUSEHOLD_REGISTERED -> new HouseholdRegistered(HOUSEHOLD, VILLAGE, 5, LocalDate.of(2025, 3, 4), 0L);
            case HOUSEHOLD_STATUS_CHANGED -> new HouseholdStatusChanged(HOUSEHOLD, VILLAGE, "ACTIVE", "GRADUATED",
                    "GRADUASI_MANDIRI", Instant.parse("2026-01-12T08:00:04.871234567Z"), 7L,
                    UUID.fromString("0b6f4c1e-8d2a-4e7b-9c35-1f0a2d3e4b5c"));
            case HOUSEHOLD_UPDATED -> new HouseholdUpdated(HOUSEHOLD, VILLAGE, LocalDate.of(2026, 3, 1), 950_000,
                    880_000, 2, 1_500_000, true, 3, new java.math.BigDecimal("8.50"), "CEMENT", "PLASTERED_BRICK",
                    "GOOD", "GOOD", "PROTECTED_WELL", "OWN_TOILET", "PLN_METERED", List.of("MOTORCYCLE"), 4L);
            case MEMBER_ADDED -> new MemberAdded(HOUSEHOLD, UUID.randomUUID(), "CHILD", "F", LocalDate.of(2015, 6, 1),
                    "SD", true, false, false, LocalDate.of(2025, 3, 10), 1L);
            case MEMBER_REMOVED -> new MemberRemoved(HOUSEHOLD, UUID.randomUUID(), "MOVED", LocalDate.of(2026, 2, 1), 5L);
            case ENROLLMENT_ACTIVATED -> new EnrollmentActivated(UUID.randomUUID(), HOUSEHOLD, "PKH", VILLAGE,
                    LocalDate.of(2025, 4, 1));
            case ENROLLMENT_ENDED -> new EnrollmentEnded(UUID.randomUUID(), HOUSEHOLD, "PKH", "GRADUATED",
                    LocalDate.of(2026, 1, 12));
            case AID_DISBURSED -> new AidDisbursed(UUID.randomUUID(), HOUSEHOLD, UUID.randomUUID(), "PKH", 2026, 1,
                    750_000, VILLAGE, LocalDate.of(2026, 1, 20));
            case DISBURSEMENT_FAILED -> new DisbursementFailed(UUID.randomUUID(), HOUSEHOLD, UUID.randomUUID(), "PKH",
                    750_000, "ACCOUNT_CLOSED", LocalDate.of(2026, 1, 20));
            case ENROLLMENT_SUSPENDED -> new EnrollmentSuspended(UUID.randomUUID(), HOUSEHOLD, "PKH", VILLAGE,
                    "SCHOOL_ATTENDANCE_BELOW_85", LocalDate.of(2026, 4, 2));
            case ENTITLEMENT_APPROVED -> new EntitlementApproved(UUID.randomUUID(), HOUSEHOLD, UUID.randomUUID(),
                    "PKH", 2026, 1, 750_000, VILLAGE, LocalDate.of(2026, 1, 15));
            case WORKER_ASSIGNED -> new WorkerAssigned(UUID.randomUUID(), HOUSEHOLD, VILLAGE, UUID.randomUUID(), null,
                    "BALANCED", Instant.parse("2025-03-10T03:30:01Z"));
            case VISIT_RECORDED -> new VisitRecorded(UUID.randomUUID(), UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                    UUID.randomUUID(), "HOME_VISIT", LocalDate.of(2026, 2, 3), true, true, true, true, false, true,
                    null);
            case ASSESSMENT_RECORDED -> new AssessmentRecorded(UUID.randomUUID(), UUID.randomUUID(), HOUSEHOLD,
                    VILLAGE, UUID.randomUUID(), LocalDate.of(2026, 6, 1),
                    List.of(new AssessmentRecorded.Score(AssessmentCriterion.INCOME_SOURCES, 80),
                            new AssessmentRecorded.Score(AssessmentCriterion.SAVINGS, 60)));
            case GRADUATION_RECOMMENDED -> new GraduationRecommended(UUID.randomUUID(), UUID.randomUUID(), HOUSEHOLD,
                    VILLAGE, UUID.randomUUID(), false, null, List.of("SAVINGS", "BUSINESS_SUSTAINED"),
                    LocalDate.of(2026, 6, 1));
            case RELAPSE_SUSPECTED -> new RelapseSuspected(UUID.randomUUID(), HOUSEHOLD, VILLAGE, UUID.randomUUID(),
                    42, 60, LocalDate.of(2026, 9, 1));
            case CASE_OPENED -> new CaseOpened(UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                    Instant.parse("2025-03-10T03:29:58Z"));
            case CASE_MONITORING_STARTED -> new CaseMonitoringStarted(UUID.randomUUID(), HOUSEHOLD,
                    LocalDate.of(2027, 1, 12));
            case CASE_CLOSED -> new CaseClosed(UUID.randomUUID(), HOUSEHOLD, "MONITORING_ENDED",
                    Instant.parse("2027-01-12T01:00:00Z"));
            case GRADUATION_DECIDED -> new GraduationDecided(UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                    "GRADUASI_MANDIRI", "INCOME_ABOVE_LINE", LocalDate.of(2026, 1, 12));
            case GRADUATION_REVERTED -> new GraduationReverted(UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                    "GRADUASI_MANDIRI", "RELAPSE", LocalDate.of(2026, 9, 1));
            case GRADUATION_DECIDED_V2 -> new GraduationDecidedV2(UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                    GraduationDecidedV2.Outcome.GRADUATED, LocalDate.of(2026, 1, 12), LocalDate.of(2027, 1, 12),
                    "GRADUASI_MANDIRI", 3, "INCOME_ABOVE_LINE", LocalDate.of(2026, 1, 12), 1L);
            case GRADUATION_REVERTED_V2 -> new GraduationRevertedV2(UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                    GraduationDecidedV2.Outcome.GRADUATED, LocalDate.of(2026, 9, 1), "GRADUASI_MANDIRI", 3,
                    "RELAPSE", LocalDate.of(2026, 9, 1), 2L);
            case PROGRAMME_ALLOCATED -> new ProgrammeAllocated("RTLH", 2026, "64.72", "APBD_PROVINCE",
                    2_560_000_000L, 128, 1, LocalDate.of(2026, 1, 2));
        };
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializedSampleOfEveryTypeConformsToItsSchema(EventType type) {
        ContractEvent sample = sample(type);
        assertSame(type, EventType.of(sample.getClass()), "sample of " + type + " is another type's payload");
        JsonNode json = MAPPER.valueToTree(sample);
        assertEquals(List.of(), EventSchemas.get().validate(type, json), type + " sample " + json);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void serializedPayloadBindsBackToAnEqualRecord(EventType type) throws IOException {
        ContractEvent sample = sample(type);
        String json = MAPPER.writeValueAsString(sample);
        assertEquals(sample, MAPPER.readValue(json, type.payloadClass()), type + " round trip of " + json);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaRejectsAPayloadMissingAnyRequiredField(EventType type) throws IOException {
        JsonNode schema = schema(type);
        assertFalse(schema.path("required").isEmpty(), type + " schema requires nothing");
        for (JsonNode required : schema.path("required")) {
            ObjectNode json = MAPPER.valueToTree(sample(type));
            assertNotNull(json.remove(required.asText()), type + " sample has no field " + required.asText());
            List<String> violations = EventSchemas.get().validate(type, json);
            assertTrue(violations.stream().anyMatch(v -> v.contains(required.asText())),
                    type + " schema accepted a payload without " + required.asText() + ": " + violations);
        }
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = "PROGRAMME_ALLOCATED", mode = EnumSource.Mode.EXCLUDE)
    void schemaRejectsAPayloadWhoseHouseholdIdIsNoUuid(EventType type) {
        ObjectNode json = MAPPER.valueToTree(sample(type));
        json.put("householdId", "3201012345678901"); // shaped like a NIK: never an id in an event
        assertFalse(EventSchemas.get().validate(type, json).isEmpty(), type + " schema accepted a non-UUID id");
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void optionalFieldsMayBeNullAndStillConform(EventType type) throws Exception {
        JsonNode schema = schema(type);
        Set<String> required = new TreeSet<>();
        schema.path("required").forEach(name -> required.add(name.asText()));
        ContractEvent sample = sample(type);
        RecordComponent[] components = sample.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            boolean optional = !required.contains(components[i].getName()) && !components[i].getType().isPrimitive();
            values[i] = optional ? null : components[i].getAccessor().invoke(sample);
        }
        Object withoutOptionals = sample.getClass()
                .getDeclaredConstructor(Arrays.stream(components).map(RecordComponent::getType).toArray(Class[]::new))
                .newInstance(values);
        JsonNode json = MAPPER.valueToTree(withoutOptionals);
        assertEquals(List.of(), EventSchemas.get().validate(type, json), type + " without optionals " + json);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDescribesExactlyTheRecordComponents(EventType type) throws IOException {
        JsonNode schema = schema(type);
        assertEquals(type.payloadClass().getSimpleName(), schema.path("title").asText(), type + " schema title");
        Set<String> properties = new TreeSet<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);
        Set<String> components = new TreeSet<>();
        Arrays.stream(type.payloadClass().getRecordComponents()).forEach(c -> components.add(c.getName()));
        assertEquals(components, properties, type + " schema properties vs record components");
        schema.path("required").forEach(name -> assertTrue(properties.contains(name.asText()),
                type + " requires undeclared property " + name.asText()));
        assertEquals(HouseholdEvent.class.isAssignableFrom(type.payloadClass()), properties.contains("householdId"),
                type + ": a household's event names its household, and only such events do");
    }

    /**
     * Additive evolution of a v1 type (docs/events.md): a payload as producers wrote it before the optional
     * fields were added still conforms and binds, with the new fields null.
     */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = { "HOUSEHOLD_REGISTERED", "HOUSEHOLD_STATUS_CHANGED",
            "HOUSEHOLD_UPDATED", "MEMBER_ADDED", "MEMBER_REMOVED" })
    void registryPayloadWrittenBeforeTheRevisionExistedStillConformsAndBinds(EventType type) throws IOException {
        ObjectNode json = MAPPER.valueToTree(sample(type));
        json.remove("revision");
        json.remove("decisionId");
        assertEquals(List.of(), EventSchemas.get().validate(type, json), type + " old payload " + json);
        RegistryHouseholdEvent bound = (RegistryHouseholdEvent) MAPPER.treeToValue(json, type.payloadClass());
        assertEquals(null, bound.revision(), type + " revision of an old payload");
        assertFalse(bound.olderThan(3L), "an event without revision is never judged older");
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = { "HOUSEHOLD_REGISTERED", "HOUSEHOLD_STATUS_CHANGED",
            "HOUSEHOLD_UPDATED", "MEMBER_ADDED", "MEMBER_REMOVED" })
    void everyRegistryHouseholdEventCarriesARevisionThatTheSchemaChecks(EventType type) {
        assertTrue(RegistryHouseholdEvent.class.isAssignableFrom(type.payloadClass()), type + " has no revision");
        ObjectNode json = MAPPER.valueToTree(sample(type));
        json.put("revision", -1);
        assertFalse(EventSchemas.get().validate(type, json).isEmpty(), type + " schema accepted revision -1");
    }

    @org.junit.jupiter.api.Test
    void anAllocationIsKeyedByProgrammeYearAndRegion() {
        var whole = new ProgrammeAllocated("PKH", 2026, null, "APBN", 1L, 1L, 1L, LocalDate.of(2026, 1, 2));
        var share = new ProgrammeAllocated("PKH", 2026, "64", "APBN", 1L, 1L, 1L, LocalDate.of(2026, 1, 2));
        assertEquals("PKH/2026", whole.recordKey());
        assertEquals("PKH/2026/64", share.recordKey());
        ObjectNode json = MAPPER.valueToTree(share);
        json.put("region", "64.7");
        assertFalse(EventSchemas.get().validate(EventType.PROGRAMME_ALLOCATED, json).isEmpty(),
                "the schema accepted a region that is no region code");
    }

    @org.junit.jupiter.api.Test
    void aRevisionLowerThanTheAppliedOneIsOlderAndNoOtherIs() {
        var event = new HouseholdStatusChanged(HOUSEHOLD, VILLAGE, "VERIFIED", "ACTIVE", null, Instant.now(), 2L, null);
        assertTrue(event.olderThan(3L));
        assertFalse(event.olderThan(2L));
        assertFalse(event.olderThan(1L));
        assertFalse(event.olderThan(null));
        assertTrue(event.notNewerThan(2L), "a status change carrying the applied revision is that change again");
        assertFalse(event.notNewerThan(1L));
        assertFalse(event.notNewerThan(null));
    }

    /** Additive evolution of v2 (docs/events.md): a decision event written before its sequence existed. */
    @ParameterizedTest
    @EnumSource(value = EventType.class, names = { "GRADUATION_DECIDED_V2", "GRADUATION_REVERTED_V2" })
    void decisionPayloadWrittenBeforeTheSequenceExistedStillConformsAndBinds(EventType type) throws IOException {
        ObjectNode json = MAPPER.valueToTree(sample(type));
        json.remove("decisionSequence");
        assertEquals(List.of(), EventSchemas.get().validate(type, json), type + " old payload " + json);
        GraduationDecisionEvent bound = (GraduationDecisionEvent) MAPPER.treeToValue(json, type.payloadClass());
        assertEquals(null, bound.decisionSequence(), type + " sequence of an old payload");
        assertFalse(bound.notNewerThan(3L), "an event without a sequence is never judged stale by it");
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = { "GRADUATION_DECIDED_V2", "GRADUATION_REVERTED_V2" })
    void everyDecisionEventCarriesASequenceThatTheSchemaChecks(EventType type) {
        assertTrue(GraduationDecisionEvent.class.isAssignableFrom(type.payloadClass()), type + " has no sequence");
        ObjectNode json = MAPPER.valueToTree(sample(type));
        json.put("decisionSequence", 0);
        assertFalse(EventSchemas.get().validate(type, json).isEmpty(), type + " schema accepted sequence 0");
    }

    @org.junit.jupiter.api.Test
    void aDecisionEventIsStaleUnlessItsSequenceIsAboveTheAppliedOne() {
        var event = new GraduationRevertedV2(UUID.randomUUID(), HOUSEHOLD, VILLAGE,
                GraduationDecidedV2.Outcome.GRADUATED, LocalDate.of(2026, 9, 1), "GRADUASI_MANDIRI", 3, "RELAPSE",
                LocalDate.of(2026, 9, 1), 2L);
        assertTrue(event.notNewerThan(3L));
        assertTrue(event.notNewerThan(2L), "the applied sequence again is that event again");
        assertFalse(event.notNewerThan(1L));
        assertFalse(event.notNewerThan(null));
    }

    private static JsonNode schema(EventType type) throws IOException {
        try (InputStream in = EventContractTest.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertNotNull(in, "missing " + type.schemaResource());
            return MAPPER.readTree(in);
        }
    }
}
