package id.graduasi.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import id.graduasi.testing.EmbeddedKafka;
import id.graduasi.testing.TestInfrastructure;

/**
 * The whole platform on this machine without Docker: a KRaft broker on 127.0.0.1:9092 (data kept in
 * {@code .graduasi/kafka}), the databases on the local PostgreSQL, the four services on 8081–8084 and the dashboard
 * on 8085.
 * {@code ./graduasi up} runs it in the background; it stops everything it started when it is stopped.
 */
public final class LocalPlatform {

    /**
     * The services' JVM options unless GRADUASI_JAVA_OPTS says otherwise (docs/benchmarks.md, "Footprint" and issue
     * #14's twenty-fourth session): G1 with the JVM's own initial heap, so that a service under load has a young
     * generation large enough to collect seldom, capped at 512 MB for bulk work; an idle service runs a concurrent
     * collection every 30 s, which gives the heap back down to 48 MB without a pause; the C library's freed memory
     * is returned to the system every 5 s (the JIT compilers leave tens of MB freed but held). A heap kept small
     * under load (-Xms48m, free ratios 20/40) made fan-out twice as slow; the serial collector's full collections
     * stopped a service for about a second here.
     */
    private static final String DEFAULT_JAVA_OPTS = "-XX:+UseG1GC -Xmx512m -XX:MinHeapSize=48m"
            + " -XX:G1PeriodicGCInterval=30000 -XX:TrimNativeHeapInterval=5000";

    private static final int KAFKA_PORT = 9092;
    private static final int CONTROLLER_PORT = 9093;
    private static final int PAYMENT_PROVIDER_PORT = 8090;

    private LocalPlatform() {
    }

    public static void main(String[] args) {
        try {
            run(args);
        } catch (Exception e) {
            // Kafka's threads are not daemons: exit so the shutdown hook stops whatever had started.
            System.err.println("[graduasi] could not start: " + e);
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
        Path state = root.resolve(".graduasi");
        String pgHost = env("GRADUASI_PG_HOST", "127.0.0.1");
        String pgPort = env("GRADUASI_PG_PORT", "5432");
        String pgUser = env("GRADUASI_PG_USER", "postgres");
        String pgPassword = env("GRADUASI_PG_PASSWORD", "");

        List<AutoCloseable> started = new ArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (int i = started.size() - 1; i >= 0; i--) {
                try {
                    started.get(i).close();
                } catch (Exception e) {
                    System.err.println("while stopping: " + e);
                }
            }
            stopped.countDown();
        }, "graduasi-local-stop"));

        if (!reachable(pgHost, Integer.parseInt(pgPort)) && System.getenv("GRADUASI_PG_HOST") == null) {
            int port = Integer.parseInt(env("GRADUASI_EMBEDDED_PG_PORT", "5433"));
            EmbeddedDatabase database = EmbeddedDatabase.start(state.resolve("postgres"), port);
            started.add(database);
            pgHost = "127.0.0.1";
            pgPort = Integer.toString(port);
            pgUser = "postgres";
            pgPassword = "";
        }

        say("starting Kafka (KRaft) on 127.0.0.1:" + KAFKA_PORT);
        long kafkaStart = System.nanoTime();
        EmbeddedKafka kafka = EmbeddedKafka.start(state.resolve("kafka"), KAFKA_PORT, CONTROLLER_PORT);
        started.add(kafka);
        TestInfrastructure.createTopics(kafka.bootstrapServers(), id.graduasi.events.contract.Topics.PARTITIONS);
        say("Kafka ready with every topic in " + (System.nanoTime() - kafkaStart) / 1_000_000 + " ms");

        // Assistance pays through it (its default provider URL): every payment is confirmed PAID shortly after.
        String callbackSecret = localSecret(state.resolve("payment-callback.key")); // it signs its callbacks
        SimulatedPaymentProvider bank = SimulatedPaymentProvider.start(PAYMENT_PROVIDER_PORT, callbackSecret);
        started.add(bank);
        say("simulated payment provider on " + bank.url());

        // GRADUASI_SERVICES=registry,graduation starts only those (e.g. to measure one service alone).
        List<ServiceProcess.Service> chosen = java.util.Arrays.stream(ServiceProcess.Service.values())
                .filter(s -> env("GRADUASI_SERVICES", "").isBlank()
                        || List.of(env("GRADUASI_SERVICES", "").split(",")).contains(s.module.replace("-service", "")))
                .toList();
        List<String> jvmOptions = new ArrayList<>(
                List.of(env("GRADUASI_JAVA_OPTS", DEFAULT_JAVA_OPTS).split("\\s+")));
        // GRADUASI_MORE_JAVA_OPTS adds to them instead of replacing them, e.g. -XX:AOTCache={module}/target/app.aot
        if (!env("GRADUASI_MORE_JAVA_OPTS", "").isBlank()) {
            jvmOptions.addAll(List.of(env("GRADUASI_MORE_JAVA_OPTS", "").trim().split("\\s+")));
        }
        // Keys and data together: without the NIK key that wrote them, the databases start clean (LocalDatabases).
        List<String> dropped = LocalDatabases.dropIfKeyMissing(state.resolve("nik.key"),
                "jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres", pgUser, pgPassword,
                java.util.Arrays.stream(ServiceProcess.Service.values()).map(s -> s.defaultDatabase).toList());
        if (!dropped.isEmpty()) {
            say("no NIK key in .graduasi/nik.key: the existing databases " + dropped + " were written with another key"
                    + " and cannot be read; starting clean databases with a new key");
        }
        for (ServiceProcess.Service service : chosen) {
            ensureDatabase(pgHost, pgPort, pgUser, pgPassword, service.defaultDatabase);
        }
        // The services migrate as the PostgreSQL user above (the owner) and run as this role, which may read and
        // append to the audit log but not change it (docs/security.md, "The audit database role").
        ServiceProcess.Login owner = new ServiceProcess.Login(pgUser, pgPassword);
        ServiceProcess.Login runtime = new ServiceProcess.Login(env("GRADUASI_PG_APP_USER", "graduasi_app"),
                env("GRADUASI_PG_APP_PASSWORD", "graduasi_app"));
        LocalDatabases.ensureRuntimeRole("jdbc:postgresql://" + pgHost + ":" + pgPort + "/postgres", pgUser,
                pgPassword, runtime.user(), runtime.password());
        java.security.KeyPair tokenKeys = LocalTokens.keys(state);
        Map<String, String> secrets = Map.of("GRADUASI_REGISTRY_NIK_KEY", localSecret(state.resolve("nik.key")),
                // Kept with the local data: an import interrupted by `down` resumes at the next `up`.
                "GRADUASI_REGISTRY_IMPORT_DIRECTORY", state.resolve("imports").toString(),
                // Bearer tokens: verified with the local key made on the first `up` (.graduasi/keys/).
                "MP_JWT_VERIFY_PUBLICKEY", LocalTokens.publicKey(tokenKeys),
                "GRADUASI_JWT_ISSUER", LocalTokens.ISSUER,
                "GRADUASI_ASSISTANCE_PAYMENT_CALLBACK_SECRET", callbackSecret);
        List<ServiceProcess> services = new ArrayList<>();
        for (ServiceProcess.Service service : chosen) {
            say("starting " + service.module + " on port " + service.defaultPort);
            List<String> options = jvmOptions;
            if (service == ServiceProcess.Service.REGISTRY) {
                // One SPDCI partner for trying the API locally (docs/security.md): the client spmis-local
                // (`./graduasi token PARTNER spmis-local 64.72`), sender_id spmis.local, callbacks to a server on
                // this machine; loopback callbacks are allowed on the local platform only.
                options = new ArrayList<>(jvmOptions);
                options.addAll(List.of("-Dgraduasi.spdci.partners.spmis-local.sender-id=spmis.local",
                        "-Dgraduasi.spdci.partners.spmis-local.callback-uris=http://127.0.0.1:9999/,http://localhost:9999/",
                        "-Dgraduasi.spdci.callbacks.allow-loopback=true"));
            }
            ServiceProcess process = ServiceProcess.start(root, service, service.defaultPort,
                    kafka.bootstrapServers(),
                    "jdbc:postgresql://" + pgHost + ":" + pgPort + "/" + service.defaultDatabase,
                    owner, runtime, secrets, options, state.resolve("logs").resolve(service.module + ".log"));
            started.add(process);
            services.add(process);
        }
        for (ServiceProcess process : services) {
            process.awaitReady(Duration.ofMinutes(3));
        }
        String dataset = "";
        if (!env("GRADUASI_DEMO_DATA", "1").equals("0")
                && services.stream().filter(p -> p.service().core).count() == ServiceProcess.Service.core().size()) {
            // The demo dataset: a pendamping per district and 1,000 generated households, imported once.
            say("loading the demo dataset (GRADUASI_DEMO_DATA=0 skips it)");
            int households = id.graduasi.local.demo.Demo.DATASET;
            id.graduasi.local.demo.Demo.scenario(root, households, id.graduasi.local.demo.Demo.SEED).load();
            dataset = "  demo dataset         " + households + " households of Kalimantan Timur and Utara (REGISTERED), "
                    + "a pendamping per district (pendamping-<district code>); ./graduasi demo takes them through "
                    + "the programme\n";
        }
        StringBuilder ready = new StringBuilder("\nGraduasi is up.\n");
        for (ServiceProcess process : services) {
            ready.append(String.format("  %-20s %s   (Swagger UI %s/q/swagger-ui, metrics /q/metrics, log %s)%n",
                    process.service().module, process.baseUrl(), process.baseUrl(), root.relativize(process.logFile())));
        }
        ready.append("  kafka                127.0.0.1:" + KAFKA_PORT + "\n");
        ready.append("  payment provider     " + bank.url() + "   (simulated: confirms every payment PAID)\n");
        ready.append(dataset);
        services.stream().filter(p -> p.service() == ServiceProcess.Service.DASHBOARD).findFirst().ifPresent(p -> ready
                .append("  dashboard (web page) ").append(p.baseUrl()).append("/#token=")
                .append(LocalTokens.token(tokenKeys, "SUPERVISOR", "demo-supervisor", List.of("*")))
                .append("\n                       (the programme manager's page, live; the token after # stays in the browser;"
                        + " any token below works, a PARTNER's shows only its regions)\n"));
        ready.append("  grafana              deploy/grafana/graduasi-dashboard.json (import into a Grafana whose Prometheus "
                + "scrapes the services' /q/metrics)\n");
        ready.append("\nDemo bearer tokens (12 h, every region; ./graduasi token <role> [user] [regions] for others):\n");
        for (String role : List.of("ADMIN", "SUPERVISOR", "OFFICER", "SOCIAL_WORKER", "PARTNER", "AUDITOR")) {
            ready.append("  export ").append(role).append('=').append(LocalTokens.token(tokenKeys, role,
                    "demo-" + role.toLowerCase().replace('_', '-'), List.of("*"))).append('\n');
        }
        ready.append("READY\n");
        System.out.print(ready);
        System.out.flush();
        Files.writeString(state.resolve("ready"), ready.toString());
        stopped.await();
    }

    private static boolean reachable(String host, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(host, port), 1000);
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** This machine's own NIK key, made once and kept with the local data (only for the local platform). */
    private static String localSecret(Path file) throws java.io.IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new java.security.SecureRandom().nextBytes(key);
            Files.writeString(file, java.util.Base64.getEncoder().encodeToString(key));
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
        }
        return Files.readString(file).strip();
    }

    private static void ensureDatabase(String host, String port, String user, String password, String name)
            throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                user, password)) {
            var exists = c.prepareStatement("select 1 from pg_database where datname = ?");
            exists.setString(1, name);
            if (!exists.executeQuery().next()) {
                say("creating database " + name);
                // UTF8 whatever the cluster's locale: names and addresses are not ASCII.
                c.createStatement().execute("create database " + name + " encoding 'UTF8' template template0");
            }
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static void say(String line) {
        System.out.println("[graduasi] " + line);
        System.out.flush();
    }
}
