package id.graduasi.registry.service;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import id.graduasi.registry.domain.EducationLevel;
import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.RegistrationSource;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.domain.WelfareCategory;

/** A household with its active members as the API shows it, and as each revision keeps it (NIKs masked). */
public record HouseholdSnapshot(UUID id, String kkNumber, String villageCode, String villageName, String address,
        BigDecimal latitude, BigDecimal longitude, WelfareCategory welfareCategory, int dtsenDecile,
        RegistrationSource registrationSource, HouseholdStatus status, LocalDate registeredOn, Instant updatedAt,
        long revision, List<MemberSnapshot> members) {

    /** NIKs are shown masked: the full number is not needed to tell members apart. */
    public record MemberSnapshot(UUID id, String nik, String name, Sex sex, LocalDate birthDate,
            Relationship relationship, EducationLevel educationLevel, boolean schoolEnrolled, String occupation,
            boolean disability, boolean pregnant, Instant addedAt) {
    }
}
