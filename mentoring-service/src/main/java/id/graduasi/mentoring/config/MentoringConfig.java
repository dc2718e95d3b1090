package id.graduasi.mentoring.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The {@code graduasi.mentoring.*} settings; defaults for a local run are in application.properties too. */
@ConfigMapping(prefix = "graduasi.mentoring")
public interface MentoringConfig {

    /**
     * No longer read: the monitoring end comes with GraduationDecided v2 (graduation-service's pathway rules).
     * Kept, with the default in application.properties, while deployments still set it; to be removed with them.
     */
    @Deprecated
    int monitoringMonths();

    /** How often the monitoring closer looks for ended monitoring. */
    @WithDefault("1h")
    Duration closeCheckInterval();

    /** Days after the payment day by which a follow-up home visit is due. */
    @WithDefault("14")
    int followUpDays();

    /** Days between regular home visits of an OPEN case. */
    @WithDefault("30")
    int visitIntervalDays();

    /** Days between home visits of a case under post-graduation monitoring (lighter schedule). */
    @WithDefault("90")
    int monitoringVisitIntervalDays();

    /** An assessment during monitoring whose mean score is below this (0-100) emits RelapseSuspected. */
    @WithDefault("60")
    int relapseThreshold();

    /** How many days ahead an agenda looks by default. */
    @WithDefault("7")
    int agendaHorizonDays();
}
