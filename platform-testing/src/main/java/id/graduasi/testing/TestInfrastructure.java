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
 * <li>PostgreSQL: {@code GRADUASI_TEST_PG_URL} (a JDBC URL whose user may create databases and roles) if set;
 * else Testcontainers when a Docker engine answers; else the local server on 127.0.0.1:5432.</li>
 * </ul>
 * As in production, an application migrates as the owner (the admin user that creates the databases) and runs
 * as a restricted role ({@link #RUNTIME_ROLE}, or {@code GRADUASI_TEST_PG_RUNTIME_USER} / {@code _PASSWORD}):
 * db/security/R__runtime_role_grants.sql gives it the tables, the audit log for append and read only.
 * Every topic of the contract, dead-letter topics included, is created up front: a consumer that subscribes
 * before its topic exists waits seconds for the next metadata refresh.
 */
public final class TestInfrastructure {

    /**
     * The role applications run as. Roles are global to the server and other test runs may use it at the same
     * time: it is created when missing, never dropped, and its password never changed.
     */
    public static final String RUNTIME_ROLE = "graduasi_test_app";
    private static final String RUNTIME_PASSWORD = "graduasi_test_app";

    private static TestInfrastructure instance;

    private final String bootstrapServers;
    private final String adminJdbcUrl;
    private final String pgUser;
    private final String pgPassword;
    private final String runtimeUser;
    private final String runtimePassword;
    private boolean runtimeRoleReady;
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
        runtimeUser = envOr("GRADUASI_TEST_PG_RUNTIME_USER", RUNTIME_ROLE);
        runtimePassword = envOr("GRADUASI_TEST_PG_RUNTIME_PASSWORD", RUNTIME_PASSWORD);
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
            ensureRuntimeRole(c);
            c.createStatement().execute("create database " + name + " encoding 'UTF8' template template0");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database on " + adminJdbcUrl
                    + " (is PostgreSQL running? pg_ctlcluster --skip-systemctl-redirect <version> main start)", e);
        }
        String jdbcUrl = withDatabase(adminJdbcUrl, name);
        return new TestDatabase(name, jdbcUrl, jdbcUrl.substring("jdbc:".length()), runtimeUser, runtimePassword,
                pgUser, migrationPassword(pgPassword));
    }

    /**
     * Creates the runtime role unless it exists. Another run may create it at the same moment: the loser's
     * duplicate_object (or unique_violation, when both insert at once) means it is there.
     */
    private synchronized void ensureRuntimeRole(Connection admin) throws SQLException {
        if (runtimeRoleReady || !runtimeUser.equals(RUNTIME_ROLE)) {
            return; // a role given by GRADUASI_TEST_PG_RUNTIME_USER is the environment's to create
        }
        try (var s = admin.createStatement()) {
            s.execute("do $$ begin create role " + RUNTIME_ROLE + " login password '" + RUNTIME_PASSWORD + "';"
                    + " exception when duplicate_object or unique_violation then null; end $$");
        }
        runtimeRoleReady = true;
    }

    /**
     * The password to give {@code quarkus.flyway.password}: Quarkus uses {@code quarkus.flyway.username} only
     * when a password is set too, so an empty one (trust authentication, which ignores it) becomes a
     * placeholder.
     */
    public static String migrationPassword(String password) {
        return password == null || password.isEmpty() ? "trust-authentication-ignores-it" : password;
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

    /**
     * Creates every contract topic that does not exist yet, with {@code partitions} partitions each (compacted where
     * the contract says so).
     */
    public static void createTopics(String bootstrapServers, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Topics.all().stream().filter(t -> !existing.contains(t))
                    .map(t -> new NewTopic(t, partitions, (short) 1).configs(Topics.COMPACTED.contains(t)
                            ? Map.of("cleanup.policy", "compact") : Map.of()))
                    .toList();
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

    /**
     * @param user the restricted role the application runs as
     * @param ownerUser the owner the application migrates as (Flyway)
     * @param ownerPassword never empty ({@link #migrationPassword})
     */
    public record TestDatabase(String name, String jdbcUrl, String reactiveUrl, String user, String password,
            String ownerUser, String ownerPassword) {
    }
}
