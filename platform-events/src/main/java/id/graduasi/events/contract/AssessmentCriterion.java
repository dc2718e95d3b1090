package id.graduasi.events.contract;

/**
 * The criteria a social worker scores in an assessment, 0 (not at all) to 100 (fully). Graduation weighs the same
 * codes, so they are part of the contract rather than of either service.
 */
public enum AssessmentCriterion {
    /** More than one regular source of household income. */
    INCOME_SOURCES,
    /** Savings kept and growing (bank, cooperative, group). */
    SAVINGS,
    /** Three meals a day without help, no skipped meals. */
    FOOD_SECURITY,
    /** The house is no longer uninhabitable (RTLH): floor, walls, roof, space per person. */
    HOUSING,
    /** Safe drinking water and an own toilet. */
    SANITATION_WATER,
    /** A business has been running and earning for at least six months. */
    BUSINESS_SUSTAINED,
    /** Every school-age child is enrolled and attending. */
    SCHOOL_ENROLMENT,
    /** Health checks for pregnant women, infants and toddlers are kept up. */
    HEALTH
}
