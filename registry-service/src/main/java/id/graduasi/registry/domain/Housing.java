package id.graduasi.registry.domain;

/** The housing and living-condition codes the indicators use (as in BPS and RTLH surveys). */
public final class Housing {

    private Housing() {
    }

    /** EARTH, BAMBOO and LOW_QUALITY_WOOD floors count against a house in the RTLH checklist. */
    public enum FloorMaterial {
        EARTH, BAMBOO, LOW_QUALITY_WOOD, WOOD, CEMENT, TILE, CERAMIC
    }

    public enum WallMaterial {
        BAMBOO, THATCH, WOOD, UNPLASTERED_BRICK, PLASTERED_BRICK, CONCRETE
    }

    public enum Condition {
        GOOD, DAMAGED, DECAYED
    }

    public enum WaterSource {
        PIPED, PROTECTED_WELL, UNPROTECTED_WELL, SPRING, RIVER, RAIN, BOTTLED
    }

    public enum Sanitation {
        OWN_TOILET, SHARED_TOILET, PUBLIC_TOILET, NONE
    }

    public enum Electricity {
        PLN_METERED, PLN_UNMETERED, NON_PLN, NONE
    }

    public enum Asset {
        MOTORCYCLE, CAR, REFRIGERATOR, TELEVISION, SMARTPHONE, LIVESTOCK, LAND, BOAT
    }
}
