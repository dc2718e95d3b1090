package id.graduasi.dashboard.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Rebuilds the projections after their database is lost: a partition assigned to this consumer that the database
 * has never read (no {@code partition_origin} row) is read from its earliest retained offset, not from the offset
 * the consumer group committed for the lost database. The idempotent inbox is lost with the projections, so every
 * retained event is applied once again. Runs on the Kafka polling thread, where blocking is allowed.
 */
@ApplicationScoped
@Identifier("dashboard-rebuild")
public class RebuildFromTopics implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(RebuildFromTopics.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Pool pool;

    public RebuildFromTopics(Pool pool) {
        this.pool = pool;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Set<String> known = new HashSet<>();
        for (Row row : pool.query("select topic, partition from partition_origin").execute().await().atMost(TIMEOUT)) {
            known.add(row.getString(0) + "-" + row.getInteger(1));
        }
        List<TopicPartition> fresh = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            if (!known.contains(tp.topic() + "-" + tp.partition())) {
                fresh.add(tp);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        consumer.seekToBeginning(fresh);
        List<Tuple> rows = fresh.stream().map(tp -> Tuple.of(tp.topic(), tp.partition())).toList();
        pool.preparedQuery("insert into partition_origin (topic, partition) values ($1, $2) on conflict do nothing")
                .executeBatch(rows).await().atMost(TIMEOUT);
        LOG.infof("reading %d partition(s) new to this database from their earliest retained offset: %s",
                fresh.size(), fresh);
    }
}
