package id.graduasi.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import id.graduasi.testing.TestInfrastructure;

/** One Graduasi service running as its own JVM from its packaged Quarkus application. */
public final class ServiceProcess implements AutoCloseable {

    /**
     * The four services and the dashboard (an outside subscriber of their events, issue #19), their stable local
     * ports and databases.
     */
    public enum Service {
        REGISTRY("registry-service", 8081, "graduasi_registry", true),
        ASSISTANCE("assistance-service", 8082, "graduasi_assistance", true),
        MENTORING("mentoring-service", 8083, "graduasi_mentoring", true),
        GRADUATION("graduation-service", 8084, "graduasi_graduation", true),
        DASHBOARD("dashboard-service", 8085, "graduasi_dashboard", false);

        public final String module;
        public final int defaultPort;
        public final String defaultDatabase;
        /** One of the four services of the programme flow (the dashboard only reads what they publish). */
        public final boolean core;

        Service(String module, int defaultPort, String defaultDatabase, boolean core) {
            this.module = module;
            this.defaultPort = defaultPort;
            this.defaultDatabase = defaultDatabase;
            this.core = core;
        }

        /** The four services of the programme flow. */
        public static List<Service> core() {
            return java.util.Arrays.stream(values()).filter(s -> s.core).toList();
        }
    }

    /** A database login: user and password (empty for none). */
    public record Login(String user, String password) {
    }

    private final Service service;
    private final int port;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(Service service, int port, Process process, Path logFile) {
        this.service = service;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts the service's {@code target/quarkus-app} (build it first) with the given endpoints.
     *
     * @param jdbcUrl the service's own database, e.g. {@code jdbc:postgresql://127.0.0.1:5432/graduasi_registry}
     * @param owner who migrates (Flyway): the owner of the database's tables
     * @param runtime who the service runs as: a role without rights to change the audit log (docs/security.md)
     * @param secrets environment variables such as {@code GRADUASI_REGISTRY_NIK_KEY}
     * @param jvmOptions e.g. a heap size; tests add quick-start flags, a long run should not
     */
    public static ServiceProcess start(Path repositoryRoot, Service service, int port, String kafkaBootstrap,
            String jdbcUrl, Login owner, Login runtime, Map<String, String> secrets, List<String> jvmOptions,
            Path logFile) {
        Path jar = jar(repositoryRoot.resolve(service.module).resolve("target"), System.getenv("GRADUASI_SERVICE_JAR"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // "{module}" names the service's own file among options given to all, e.g. -XX:AOTCache={module}/app.aot
        jvmOptions.forEach(option -> command.add(option.replace("{module}", service.module)));
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // Two malloc arenas, not eight per core: fewer arenas holding freed memory (docs/benchmarks.md, "Footprint").
        env.putIfAbsent("MALLOC_ARENA_MAX", "2");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        env.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl);
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", jdbcUrl.substring("jdbc:".length()));
        env.put("QUARKUS_DATASOURCE_USERNAME", runtime.user());
        if (runtime.password() != null && !runtime.password().isEmpty()) {
            env.put("QUARKUS_DATASOURCE_PASSWORD", runtime.password());
        }
        env.put("QUARKUS_FLYWAY_USERNAME", owner.user());
        env.put("QUARKUS_FLYWAY_PASSWORD", TestInfrastructure.migrationPassword(owner.password()));
        // The four services share one local PostgreSQL (max_connections 100 by default): 14 pooled connections
        // each (the consumer's 8 lanes and requests), with the relay's 5, leave room for psql and test suites.
        env.putIfAbsent("QUARKUS_DATASOURCE_REACTIVE_MAX_SIZE", "14");
        env.putAll(secrets);
        try {
            Files.createDirectories(logFile.getParent());
            builder.redirectErrorStream(true).redirectOutput(logFile.toFile());
            return new ServiceProcess(service, port, builder.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The service's jar: the fast jar, or for {@code kind} "runner" (GRADUASI_SERVICE_JAR) the flat-class-path
     * jar of {@code -Dquarkus.package.jar.type=legacy-jar}, whose classes a JDK's AOT cache can hold (it holds
     * only those of the JDK's own class loaders; docs/benchmarks.md, twenty-eighth session).
     */
    static Path jar(Path target, String kind) {
        if (!"runner".equals(kind)) {
            Path jar = target.resolve("quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests package first");
            }
            return jar;
        }
        try (var files = Files.list(target)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no *-runner.jar in " + target + ": build with"
                            + " ./mvnw -DskipTests package -Dquarkus.package.jar.type=legacy-jar first"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Service service() {
        return service;
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path logFile() {
        return logFile;
    }

    /** The JVM's process id: tests read its resident memory from /proc. */
    public long pid() {
        return process.pid();
    }

    /** Waits until {@code /q/health/ready} answers UP (database and Kafka reachable). */
    public void awaitReady(Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service.module + " exited with " + process.exitValue()
                        + "; see " + logFile);
            }
            try {
                HttpResponse<String> response = client.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                // A NIK key that is not the one the data was written with will not get better by waiting.
                java.util.regex.Matcher key = java.util.regex.Pattern
                        .compile("\"problem\"\\s*:\\s*\"(NIK key [^\"]*does not decrypt[^\"]*)\"")
                        .matcher(response.body());
                if (key.find()) {
                    throw new IllegalStateException(service.module + " is not ready: " + key.group(1)
                            + ". Restore the key that wrote the data in .graduasi/nik.key, or delete .graduasi/ to"
                            + " start with clean databases; see " + logFile);
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause();
        }
        throw new IllegalStateException(service.module + " not ready within " + timeout + "; see " + logFile);
    }

    /** {@code kill -9}: no shutdown hook runs, nothing is flushed (for the reliability suite). */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
