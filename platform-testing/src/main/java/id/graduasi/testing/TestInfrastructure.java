package id.graduasi.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import id.graduasi.events.contract.Topics;

/**
 * The real Kafka and PostgreSQL a test JVM talks to, started once per JVM and shared by every test in it.
 * <ul>
 * <li>Kafka: {@code KAFKA_BOOTSTRAP_SERVERS} if set; else Testcontainers when a Docker engine answers; else an
 * in-JVM KRaft broker ({@link EmbeddedKafka}).</li>
 * <li>PostgreSQL: {@code GRADUASI_TEST_PG_URL} (a JDBC URL whose user may create databases) if set; else
 * Testcontainers when a Docker engine answers; else the local server on 127.0.0.1:5432.</li>
 * </ul>
 * Every topic of the contract, dead-letter topics included, is created up front: a consumer that subscribes
 * before its topic exists waits seconds for the next metadata refresh.
 */
public final class TestInfrastructure {

    private static TestInfrastructure instance;

    private final String bootstrapServers;
    private final String adminJdbcUrl;
    private final String pgUser;
    private final String pgPassword;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    private TestInfrastructure() {
        boolean docker = dockerAvailable();
        String kafka = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (kafka == null || kafka.isBlank()) {
            if (docker) {
                kafka = DockerInfrastructure.startKafka(closeables);
            } else {
                EmbeddedKafka broker = EmbeddedKafka.start();
                closeables.add(broker);
                kafka = broker.bootstrapServers();
            }
        }
        bootstrapServers = kafka;
        createTopics(bootstrapServers);

        String pgUrl = System.getenv("GRADUASI_TEST_PG_URL");
        if (pgUrl != null && !pgUrl.isBlank()) {
            adminJdbcUrl = pgUrl;
            pgUser = envOr("GRADUASI_TEST_PG_USER", "postgres");
            pgPassword = envOr("GRADUASI_TEST_PG_PASSWORD", "");
        } else if (docker) {
            String[] pg = DockerInfrastructure.startPostgres(closeables);
            adminJdbcUrl = pg[0];
            pgUser = pg[1];
            pgPassword = pg[2];
        } else {
            adminJdbcUrl = "jdbc:postgresql://127.0.0.1:5432/postgres";
            pgUser = "postgres";
            pgPassword = "";
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "graduasi-test-infrastructure-stop"));
    }

    public static synchronized TestInfrastructure get() {
        if (instance == null) {
            instance = new TestInfrastructure();
        }
        return instance;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Creates an empty database for one application run; drop it with {@link #dropDatabase(String)}. */
    public TestDatabase createDatabase(String prefix) {
        String name = (prefix + "_" + UUID.randomUUID().toString().substring(0, 8)).replace('-', '_');
        try (Connection c = admin()) {
            c.createStatement().execute("create database " + name + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + adminJdbcUrl
                    + " (is PostgreSQL running? pg_ctlcluster --skip-systemctl-redirect <version> main start)", e);
        }
        String jdbcUrl = withDatabase(adminJdbcUrl, name);
        return new TestDatabase(name, jdbcUrl, jdbcUrl.substring("jdbc:".length()), pgUser, pgPassword);
    }

    public void dropDatabase(String name) {
        try (Connection c = admin()) {
            c.createStatement().execute("drop database if exists " + name + " with (force)");
        } catch (SQLException e) {
            // leftovers are harmless: names are random
        }
    }

    /** The same server URL (parameters kept) naming another database: jdbc:postgresql://host:port/db?params. */
    static String withDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
        String params = query < 0 ? "" : jdbcUrl.substring(query);
        int hostStart = base.indexOf("//") + 2;
        int slash = base.indexOf('/', hostStart);
        return (slash < 0 ? base : base.substring(0, slash)) + "/" + database + params;
    }

    private Connection admin() throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", pgUser);
        props.setProperty("password", pgPassword);
        return DriverManager.getConnection(adminJdbcUrl, props);
    }

    /** Creates every contract topic (3 partitions each: a test broker) that does not exist yet. */
    public static void createTopics(String bootstrapServers) {
        createTopics(bootstrapServers, 3);
    }

    /** Creates every contract topic that does not exist yet, with {@code partitions} partitions each. */
    public static void createTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1)).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topics on " + bootstrapServers, e);
        }
    }

    /** Creates a topic of a test's own (no service consumes it), if it does not exist yet. */
    public static void createTopic(String topic, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                get().bootstrapServers()))) {
            if (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all()
                        .get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create topic " + topic, e);
        }
    }

    private static boolean dockerAvailable() {
        if ("false".equalsIgnoreCase(System.getenv("GRADUASI_TEST_DOCKER"))) {
            return false;
        }
        boolean engineConfigured = System.getenv("DOCKER_HOST") != null
                || Files.exists(Path.of("/var/run/docker.sock"));
        return engineConfigured && DockerInfrastructure.available();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    private synchronized void close() {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            try {
                closeables.get(i).close();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
        }
        closeables.clear();
    }

    public record TestDatabase(String name, String jdbcUrl, String reactiveUrl, String user, String password) {
    }
}
