package id.graduasi.registry.domain;

public enum Sex {
    M, F
}
