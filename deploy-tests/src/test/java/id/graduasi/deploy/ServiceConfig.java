package id.graduasi.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** What a service's own configuration says: its port, database and the topics it consumes and dead-letters to. */
record ServiceConfig(String name, int port, String database, Set<String> consumedTopics, Set<String> deadLetterTopics) {

    static final List<String> SERVICES = List.of("registry-service", "assistance-service", "mentoring-service",
            "graduation-service");

    static List<ServiceConfig> all() {
        return SERVICES.stream().map(ServiceConfig::load).toList();
    }

    static ServiceConfig load(String service) {
        Properties shared = read(Manifests.root().resolve(
                "platform-events/src/main/resources/META-INF/microprofile-config.properties"));
        Properties own = read(Manifests.root().resolve(service + "/src/main/resources/application.properties"));
        Properties p = new Properties();
        p.putAll(shared);
        p.putAll(own);
        String app = p.getProperty("quarkus.application.name");
        if (!service.equals(app)) {
            throw new IllegalStateException(service + ": quarkus.application.name is " + app);
        }
        String jdbc = p.getProperty("quarkus.datasource.jdbc.url");
        String database = jdbc.substring(jdbc.lastIndexOf('/') + 1);
        Set<String> consumed = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("mp.messaging.incoming.")) {
                continue;
            }
            String value = p.getProperty(key).replace("${quarkus.application.name}", app);
            if (key.endsWith(".connector")) {
                // EventProcessor dead-letters to graduasi.dlq.<consumer group>; the group defaults to the app name.
                String channel = key.substring("mp.messaging.incoming.".length(), key.length() - ".connector".length());
                String group = p.getProperty("mp.messaging.incoming." + channel + ".group.id", app)
                        .replace("${quarkus.application.name}", app);
                deadLetters.add(id.graduasi.events.contract.Topics.deadLetter(group));
            } else if (key.endsWith(".topics") || key.endsWith(".topic")) {
                Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(consumed::add);
            }
        }
        return new ServiceConfig(service, Integer.parseInt(p.getProperty("quarkus.http.port")), database, consumed,
                deadLetters);
    }

    /** graduasi_registry for registry-service: the CloudNativePG cluster is graduasi-registry. */
    String cluster() {
        return database.replace('_', '-');
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
