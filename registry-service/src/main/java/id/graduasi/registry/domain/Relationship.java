package id.graduasi.registry.domain;

/** Relationship to the head of household, as on the KK. */
public enum Relationship {
    HEAD, SPOUSE, CHILD, CHILD_IN_LAW, GRANDCHILD, PARENT, PARENT_IN_LAW, OTHER_RELATIVE, OTHER
}
