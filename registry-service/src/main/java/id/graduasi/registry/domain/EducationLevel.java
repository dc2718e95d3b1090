package id.graduasi.registry.domain;

/** Highest level attended: none, SD (primary), SMP (junior secondary), SMA/SMK (senior), diploma, university. */
public enum EducationLevel {
    NONE, SD, SMP, SMA, DIPLOMA, UNIVERSITY
}
