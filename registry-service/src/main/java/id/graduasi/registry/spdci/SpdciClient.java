package id.graduasi.registry.spdci;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import id.graduasi.security.RegionScope;

/**
 * The authenticated partner behind an SPDCI request: its OAuth client id (from the bearer token, never from the
 * message), the DCI sender_id registered for it, and the regions and programmes its token grants. What it makes
 * (transactions, answers, subscriptions) is stored with this identity and scope and found only through it.
 */
public record SpdciClient(String clientId, String senderId, RegionScope regions, Set<String> programmes) {

    public SpdciClient {
        programmes = Set.copyOf(new TreeSet<>(programmes));
    }

    /** The regions as stored: sorted, comma-separated ({@code *} for all; empty for none). */
    public String regionsText() {
        return String.join(",", new TreeSet<>(regions.prefixes()));
    }

    public String programmesText() {
        return String.join(",", new TreeSet<>(programmes));
    }

    public static RegionScope regions(String text) {
        return new RegionScope(split(text));
    }

    public static Set<String> split(String text) {
        return text == null || text.isBlank() ? Set.of()
                : Arrays.stream(text.split(",")).filter(s -> !s.isBlank()).collect(Collectors.toSet());
    }

    /**
     * Whether something made under the stored scope may be shown to this client now: every region stored is
     * within this client's regions and every programme stored is still granted. An answer computed under a wider
     * scope than the caller's current token is not returned.
     */
    public boolean covers(String storedRegions, String storedProgrammes) {
        RegionScope stored = regions(storedRegions);
        boolean regionsCovered = regions.unrestricted()
                || (!stored.unrestricted() && stored.prefixes().stream().allMatch(regions::allows));
        return regionsCovered && programmes.containsAll(split(storedProgrammes));
    }
}
