package id.graduasi.dashboard.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The dashboard's settings ({@code graduasi.dashboard.*}, README.md "Configuration"). */
@ConfigMapping(prefix = "graduasi.dashboard")
public interface DashboardConfig {

    /**
     * Smallest count of households shown: a figure from 1 to k - 1 is suppressed (shown as "&lt; k"), and so is a
     * second figure of the same column when one alone would be recoverable from the total.
     */
    @WithDefault("5")
    int kAnonymity();

    /** How often the live stream checks for applied events and sends the pages an update. */
    @WithDefault("1s")
    Duration streamInterval();

    /** How often the consumer lag (messages behind the end of the topics) is measured. */
    @WithDefault("2s")
    Duration lagInterval();
}
