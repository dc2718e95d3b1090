package id.graduasi.events.contract;

import java.util.List;

/**
 * Kafka topic names: one topic per stream and contract version. The record key is the household id, except on the
 * allocation topic (programme/year[/region], see {@link ProgrammeAllocated}).
 */
public final class Topics {

    public static final String REGISTRY_HOUSEHOLD = "graduasi.registry.household.v1";
    public static final String ASSISTANCE_ENROLLMENT = "graduasi.assistance.enrollment.v1";
    public static final String MENTORING_CASE = "graduasi.mentoring.case.v1";
    public static final String GRADUATION_DECISION = "graduasi.graduation.decision.v1";
    /** Programme allocations (budget and target): compacted, so the latest of every key is never deleted. */
    public static final String ASSISTANCE_ALLOCATION = "graduasi.assistance.allocation.v1";

    /**
     * Partitions per topic: the most consumers of one group that can work at once (one partition each). 12 lets a
     * service's consumers scale to 1, 2, 3, 4, 6 or 12 replicas with an even share; the Kubernetes manifests and the
     * local platform create them so (tests use 3: fewer, faster rebalances).
     */
    public static final int PARTITIONS = 12;

    /** Every stream topic of the contract. */
    public static final List<String> STREAMS = List.of(
            REGISTRY_HOUSEHOLD, ASSISTANCE_ENROLLMENT, MENTORING_CASE, GRADUATION_DECISION, ASSISTANCE_ALLOCATION);

    /** Stream topics that keep the latest record of each key (cleanup.policy=compact) instead of a time window. */
    public static final java.util.Set<String> COMPACTED = java.util.Set.of(ASSISTANCE_ALLOCATION);

    /**
     * Consumer groups: one per service, each with its own dead-letter topic; the registry's SPDCI notifier reads
     * the registry's own events in a group of its own.
     */
    public static final List<String> CONSUMER_GROUPS = List.of(
            "registry-service", "assistance-service", "mentoring-service", "graduation-service",
            "registry-service-spdci");

    private Topics() {
    }

    public static String deadLetter(String consumerGroup) {
        return "graduasi.dlq." + consumerGroup;
    }

    /** Stream topics plus every group's dead-letter topic: what a cluster must have before services start. */
    public static List<String> all() {
        var all = new java.util.ArrayList<>(STREAMS);
        CONSUMER_GROUPS.forEach(group -> all.add(deadLetter(group)));
        return List.copyOf(all);
    }
}
