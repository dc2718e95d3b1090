package id.graduasi.registry.service;

import java.time.LocalDate;

import id.graduasi.registry.domain.EducationLevel;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;

/** A person as a client declares them; checked against the NIK before anything is stored. */
public record MemberInput(String nik, String name, Sex sex, LocalDate birthDate, Relationship relationship,
        EducationLevel educationLevel, boolean schoolEnrolled, String occupation, boolean disability,
        boolean pregnant) {
}
