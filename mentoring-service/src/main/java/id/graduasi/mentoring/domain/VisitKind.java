package id.graduasi.mentoring.domain;

public enum VisitKind {
    HOME_VISIT,
    /** Pertemuan Peningkatan Kemampuan Keluarga: the monthly family-development session. */
    P2K2_SESSION,
    /** Kelompok Usaha Bersama: a joint-business group meeting. */
    KUBE_MEETING;

    public boolean isGroup() {
        return this != HOME_VISIT;
    }
}
