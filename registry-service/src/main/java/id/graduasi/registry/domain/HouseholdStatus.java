package id.graduasi.registry.domain;

import java.util.EnumSet;
import java.util.Set;

/** A household's lifecycle in the registry. GRADUATED can turn ACTIVE again when a family relapses. */
public enum HouseholdStatus {
    REGISTERED, VERIFIED, ACTIVE, GRADUATED, EXITED;

    public Set<HouseholdStatus> next() {
        return switch (this) {
            case REGISTERED -> EnumSet.of(VERIFIED, EXITED);
            case VERIFIED -> EnumSet.of(ACTIVE, EXITED);
            case ACTIVE -> EnumSet.of(GRADUATED, EXITED);
            case GRADUATED -> EnumSet.of(ACTIVE, EXITED);
            case EXITED -> EnumSet.noneOf(HouseholdStatus.class);
        };
    }

    public boolean canMoveTo(HouseholdStatus target) {
        return next().contains(target);
    }
}
