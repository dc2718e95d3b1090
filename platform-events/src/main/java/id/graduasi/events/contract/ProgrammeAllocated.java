package id.graduasi.events.contract;

import java.time.LocalDate;

/**
 * A programme's budget and target households for a year, as its budget law allocates them: the whole allocation
 * ({@code region} null) or one region's share. Announced by assistance when its allocations file states a new or
 * changed figure; the topic is compacted, so the latest allocation of every key stays readable for as long as the
 * platform runs. {@code revision} grows with every change of the same key: a reader keeps the highest.
 */
public record ProgrammeAllocated(String programme, int year, String region, String fundingSource, long budget,
        long targetHouseholds, long revision, LocalDate announcedOn) implements ContractEvent {

    /** programme/year for the whole allocation, programme/year/region for a region's share. */
    @Override
    public String recordKey() {
        return key(programme, year, region);
    }

    public static String key(String programme, int year, String region) {
        return programme + "/" + year + (region == null ? "" : "/" + region);
    }
}
