package id.graduasi.testing;

import java.util.List;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.kafka.KafkaContainer;

/** The Testcontainers path, taken only where a Docker engine answers (CI machines here have none). */
final class DockerInfrastructure {

    private DockerInfrastructure() {
    }

    static boolean available() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException e) {
            return false;
        }
    }

    static String startKafka(List<AutoCloseable> closeables) {
        // Same broker version as the embedded path and the kafka-clients the Quarkus BOM pins.
        var kafka = new KafkaContainer("apache/kafka:4.0.0");
        kafka.start();
        closeables.add(kafka::stop);
        return kafka.getBootstrapServers();
    }

    /** @return admin JDBC URL, user, password */
    static String[] startPostgres(List<AutoCloseable> closeables) {
        var postgres = new PostgreSQLContainer<>("postgres:15-alpine");
        postgres.start();
        closeables.add(postgres::stop);
        return new String[] {postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword()};
    }
}
