package id.graduasi.registry.domain;

public enum RegistrationSource {
    OFFICER, PARTNER, DTSEN, BULK_IMPORT
}
