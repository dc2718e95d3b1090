package id.graduasi.graduation.domain;

/** How a household leaves the programme; see the glossary in the root README. */
public enum Pathway {
    GRADUASI_MANDIRI, GRADUASI_ALAMIAH, ADMINISTRATIVE_EXIT;

    public boolean isGraduation() {
        return this != ADMINISTRATIVE_EXIT;
    }
}
