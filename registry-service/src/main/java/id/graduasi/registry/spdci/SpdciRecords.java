package id.graduasi.registry.spdci;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.security.NikProtector;

/**
 * Our model as DCI records: a household is a Group (identifiers HOUSEHOLD_ID and KK, DTSEN decile as
 * poverty_score), each active member a Member whose SRPerson carries the NIK as identifier type NIN. Giving the
 * NIK to the partner is what this API is for, so it is decrypted here and nowhere else in this package.
 */
@ApplicationScoped
public class SpdciRecords {

    public static final String GROUP = "Group";
    public static final String MEMBER = "Member";

    private static final Map<String, String> CONTEXT = Map.of(
            "spdci", "https://schema.spdci.org/extensions/social/v1/",
            "common", "https://schema.spdci.org/common/v1/");

    private final NikProtector niks;

    public SpdciRecords(NikProtector niks) {
        this.niks = niks;
    }

    /** @param members the household's active members, head first */
    public Dci.Group group(Household h, List<Member> members) {
        List<Dci.Member> list = members.stream().map(m -> member(m, h)).toList();
        Dci.Member head = members.stream().filter(m -> m.relationship == Relationship.HEAD).findFirst()
                .map(m -> member(m, h)).orElse(null);
        Dci.Place place = new Dci.Place("Place", h.latitude == null || h.longitude == null ? null
                : new Dci.Geo("GeoCoordinates", h.latitude.toPlainString(), h.longitude.toPlainString()), h.address);
        return new Dci.Group(CONTEXT, "urn:graduasi:household:" + h.id, "spdci:Group",
                List.of(Dci.Identifier.of("HOUSEHOLD_ID", h.id.toString()), Dci.Identifier.of("KK", h.kkNumber)),
                "family", place, (int) h.dtsenDecile, "DTSEN-decile", head, list.size(), list,
                date(h.registeredOn), timestamp(h.updatedAt),
                List.of(Map.of("village_code", h.villageCode), Map.of("status", h.status.name()),
                        Map.of("welfare_category", h.welfareCategory.name()),
                        Map.of("registration_source", h.registrationSource.name())));
    }

    public Dci.Member member(Member m, Household h) {
        Dci.Person person = new Dci.Person("SRPerson",
                List.of(Dci.Identifier.of("NIN", niks.decrypt(m.nikEncrypted, NikProtector.member(m.id)))),
                new Dci.Name("Name", m.name), m.sex == Sex.F ? "female" : "male",
                new Dci.Address("Address", h.address, "IDN"), date(m.birthDate), timestamp(m.addedAt));
        return new Dci.Member("spdci:Member", "urn:graduasi:member:" + m.id,
                List.of(Dci.Identifier.of("MEMBER_ID", m.id.toString())), person, m.relationship.name(),
                m.disability, m.educationLevel == null ? null : m.educationLevel.name(), m.occupation,
                timestamp(m.addedAt), List.of(Map.of("household_id", m.householdId.toString()),
                        Map.of("school_enrolled", m.schoolEnrolled), Map.of("pregnant", m.pregnant)));
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.atStartOfDay(ZoneOffset.UTC).toInstant().toString();
    }

    private static String timestamp(Instant at) {
        return at == null ? null : at.toString();
    }
}
