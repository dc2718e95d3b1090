package id.graduasi.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker and controller) inside the current JVM, from the
 * Maven Central artifacts. Its version must equal the kafka-clients on the classpath, which the Quarkus BOM pins.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaRaftServer server;
    private final Path logDir;
    private final boolean temporary;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, Path logDir, boolean temporary, String bootstrapServers) {
        this.server = server;
        this.logDir = logDir;
        this.temporary = temporary;
        this.bootstrapServers = bootstrapServers;
    }

    /** A throw-away broker on free ports, its data deleted on close: for tests. */
    public static EmbeddedKafka start() {
        try {
            int[] ports = freePorts(2);
            return start(Files.createTempDirectory("graduasi-kafka-"), ports[0], ports[1], true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A broker on fixed ports keeping its data in {@code logDir} across restarts: for a local platform. */
    public static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort) {
        return start(logDir, brokerPort, controllerPort, false);
    }

    private static EmbeddedKafka start(Path logDir, int brokerPort, int controllerPort, boolean temporary) {
        try {
            Files.createDirectories(logDir);
            Properties props = new Properties();
            props.put("process.roles", "broker,controller");
            props.put("node.id", "1");
            props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
            props.put("listeners", "PLAINTEXT://127.0.0.1:" + brokerPort + ",CONTROLLER://127.0.0.1:" + controllerPort);
            props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
            props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            props.put("controller.listener.names", "CONTROLLER");
            props.put("inter.broker.listener.name", "PLAINTEXT");
            props.put("log.dirs", logDir.toString());
            props.put("num.partitions", "3");
            props.put("offsets.topic.replication.factor", "1");
            props.put("offsets.topic.num.partitions", "5");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("share.coordinator.state.topic.replication.factor", "1");
            props.put("share.coordinator.state.topic.min.isr", "1");
            props.put("group.initial.rebalance.delay.ms", "0");
            if (!temporary) {
                // A restarted node waits out its previous broker session before it serves: keep that short.
                // (Not in tests: a long GC pause on a busy 2-core machine could fence the only broker.)
                props.put("broker.heartbeat.interval.ms", "500");
                props.put("broker.session.timeout.ms", "3000");
            }
            props.put("auto.create.topics.enable", "false");

            Path config = logDir.resolve("server.properties");
            try (var out = Files.newBufferedWriter(config)) {
                props.store(out, "graduasi embedded kafka");
            }
            // A kept data directory is already formatted (with its own cluster id): format only a new one.
            if (!Files.exists(logDir.resolve("meta.properties"))) {
                format(config);
            }
            var server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            return new EmbeddedKafka(server, logDir, temporary, "127.0.0.1:" + brokerPort);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** StorageTool.execute returns a code instead of calling System.exit like its main does. */
    private static void format(Path config) {
        var output = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "--config", config.toString(),
                "--cluster-id", Uuid.randomUuid().toString(), "--ignore-formatted"},
                new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("kafka storage format failed: " + output.toString(StandardCharsets.UTF_8));
        }
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (temporary) {
            deleteQuietly(logDir);
        }
    }

    /** A port nobody listens on right now (the OS picks it). */
    public static int freePort() throws IOException {
        return freePorts(1)[0];
    }

    /**
     * {@code n} different ports nobody listens on right now. Each is held open until all are chosen: two calls of
     * {@link #freePort()} in a row can return the same port, and a broker refuses the same port for two listeners.
     */
    public static int[] freePorts(int n) throws IOException {
        ServerSocket[] sockets = new ServerSocket[n];
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                sockets[i] = new ServerSocket(0);
                sockets[i].setReuseAddress(true);
                ports[i] = sockets[i].getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                if (socket != null) {
                    socket.close();
                }
            }
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp dir left behind is harmless
        }
    }
}
