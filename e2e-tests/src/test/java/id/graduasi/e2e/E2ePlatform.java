package id.graduasi.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import id.graduasi.local.ServiceProcess;
import id.graduasi.local.ServiceProcess.Service;
import id.graduasi.local.SimulatedPaymentProvider;
import id.graduasi.testing.EmbeddedKafka;
import id.graduasi.testing.TestInfrastructure;
import id.graduasi.testing.TestTokens;

/**
 * The four packaged services as processes, each with its own fresh database, on the shared test Kafka broker and
 * PostgreSQL, with a simulated payment provider; tokens are verified with the test key. One per test class, so
 * that scenarios do not see each other's households.
 */
final class E2ePlatform implements AutoCloseable {

    private final Map<Service, ServiceProcess> services = new EnumMap<>(Service.class);
    private final Map<Service, java.util.function.Supplier<ServiceProcess>> starters = new EnumMap<>(Service.class);
    private final Map<Service, Integer> starts = new EnumMap<>(Service.class);
    private final Map<Service, TestInfrastructure.TestDatabase> databases = new EnumMap<>(Service.class);
    private final SimulatedPaymentProvider provider;
    private final Path logs;

    E2ePlatform(String name) throws Exception {
        this(name, TestInfrastructure.get().bootstrapServers(), Service.core());
    }

    /** On a broker of the caller's (the reliability suite restarts its own). */
    E2ePlatform(String name, String bootstrapServers) throws Exception {
        this(name, bootstrapServers, Service.core());
    }

    /** These services (the four, or the four and the dashboard) on a broker of the caller's. */
    E2ePlatform(String name, String bootstrapServers, List<Service> started) throws Exception {
        this(name, bootstrapServers, started, Map.of());
    }

    /** ... with settings of the caller's added to every service's environment. */
    E2ePlatform(String name, String bootstrapServers, List<Service> started, Map<String, String> settings)
            throws Exception {
        TestInfrastructure infrastructure = TestInfrastructure.get();
        Path root = root();
        logs = Path.of("target", "e2e-logs", name);
        Files.createDirectories(logs);
        String callbackSecret = "e2e-payment-callback-secret"; // the bank signs callbacks, assistance verifies
        provider = SimulatedPaymentProvider.start(EmbeddedKafka.freePort(), callbackSecret);
        try {
            int[] ports = EmbeddedKafka.freePorts(started.size()); // chosen together: each service its own
            int next = 0;
            for (Service service : started) {
                var database = infrastructure.createDatabase("graduasi_" + name + "_" + service.name().toLowerCase());
                databases.put(service, database);
                int port = ports[next++];
                Map<String, String> env = new HashMap<>(Map.of("GRADUASI_REGISTRY_NIK_KEY",
                        java.util.Base64.getEncoder().encodeToString(new byte[32]),
                        "MP_JWT_VERIFY_PUBLICKEY", TestTokens.publicKey(),
                        "GRADUASI_JWT_ISSUER", TestTokens.ISSUER));
                env.putAll(settings);
                if (service == Service.ASSISTANCE) {
                    env.put("GRADUASI_ASSISTANCE_PAYMENT_PROVIDER_URL", provider.url());
                    env.put("GRADUASI_ASSISTANCE_PAYMENT_CALLBACK_SECRET", callbackSecret);
                    env.put("GRADUASI_ASSISTANCE_PAYMENT_CALLBACK_URL",
                            "http://127.0.0.1:" + port + "/api/v1/payment-confirmations");
                }
                starters.put(service, () -> ServiceProcess.start(root, service, port, bootstrapServers,
                        database.jdbcUrl(), new ServiceProcess.Login(database.ownerUser(), database.ownerPassword()),
                        new ServiceProcess.Login(database.user(), database.password()), env,
                        // Small heaps and a quick JIT: four services and a broker share a 2-core machine.
                        List.of("-Xmx384m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"),
                        logs.resolve(service.module + "-" + starts.merge(service, 1, Integer::sum) + ".log")));
                services.put(service, starters.get(service).get());
            }
            for (ServiceProcess process : services.values()) {
                process.awaitReady(Duration.ofMinutes(3));
            }
        } catch (RuntimeException e) {
            // The caller gets no platform to close: stop what was started, or it outlives the test run.
            close();
            throw e;
        }
    }

    static Path root() {
        return Path.of("").toAbsolutePath().getParent();
    }

    /** {@code kill -9} of the service's process. */
    void kill(Service service) {
        services.get(service).kill();
    }

    /** Starts the service again on its port and database, and waits until it is ready. */
    void restart(Service service) {
        ServiceProcess process = starters.get(service).get();
        services.put(service, process);
        process.awaitReady(Duration.ofMinutes(3));
    }

    /** The service's database (the tests read its outbox). */
    TestInfrastructure.TestDatabase database(Service service) {
        return databases.get(service);
    }

    String url(Service service) {
        return services.get(service).baseUrl();
    }

    ServiceProcess process(Service service) {
        return services.get(service);
    }

    /** The simulated bank assistance pays through. */
    SimulatedPaymentProvider provider() {
        return provider;
    }

    Path logs() {
        return logs;
    }

    @Override
    public void close() {
        services.values().forEach(ServiceProcess::close);
        provider.close();
        databases.values().forEach(db -> TestInfrastructure.get().dropDatabase(db.name()));
    }
}
