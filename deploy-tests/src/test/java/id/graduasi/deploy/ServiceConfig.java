package id.graduasi.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import id.graduasi.events.contract.Topics;

/**
 * What a service's own configuration says: its port, database and the topics it consumes and dead-letters to, and
 * its properties (application.properties over the shared platform defaults).
 */
record ServiceConfig(String name, int port, String database, Set<String> consumedTopics, Set<String> deadLetterTopics,
        Properties properties) {

    static final List<String> SERVICES = List.of("registry-service", "assistance-service", "mentoring-service",
            "graduation-service", "dashboard-service");

    /**
     * Services outside the platform's contract (docs/asyncapi.yaml): they only read the published streams, in a
     * consumer group of their own whose dead-letter topic is not in {@link Topics#all()}, and no service calls them.
     */
    static final Set<String> OUTSIDE_SUBSCRIBERS = Set.of("dashboard-service");

    /** Defaults every service shares: platform-events' messaging and observability, platform-security's. */
    static final List<String> SHARED = List.of(
            "platform-events/src/main/resources/META-INF/microprofile-config.properties",
            "platform-security/src/main/resources/META-INF/microprofile-config.properties");

    /** Where the properties a service reads are documented besides its own README ("Configuration"). */
    static final List<String> SHARED_DOCS = List.of("platform-events/README.md");

    static List<ServiceConfig> all() {
        return SERVICES.stream().map(ServiceConfig::load).toList();
    }

    /** The platform's services: those whose consumer groups are the contract's. */
    static List<ServiceConfig> platform() {
        return all().stream().filter(s -> !s.outsideSubscriber()).toList();
    }

    static List<ServiceConfig> outsideSubscribers() {
        return all().stream().filter(ServiceConfig::outsideSubscriber).toList();
    }

    /** The topics a cluster must have: the contract's, and the dead-letter topic of each outside subscriber. */
    static List<String> deployedTopics() {
        List<String> topics = new ArrayList<>(Topics.all());
        outsideSubscribers().forEach(s -> topics.addAll(s.deadLetterTopics()));
        return List.copyOf(topics);
    }

    static ServiceConfig load(String service) {
        Properties p = new Properties();
        for (String shared : SHARED) {
            Path file = Manifests.root().resolve(shared);
            if (Files.isRegularFile(file)) {
                p.putAll(read(file));
            }
        }
        p.putAll(read(Manifests.root().resolve(service + "/src/main/resources/application.properties")));
        String app = p.getProperty("quarkus.application.name");
        if (!service.equals(app)) {
            throw new IllegalStateException(service + ": quarkus.application.name is " + app);
        }
        Function<String, String> value = key -> resolve(p.getProperty(key), p::getProperty);
        String jdbc = value.apply("quarkus.datasource.jdbc.url");
        String database = jdbc.substring(jdbc.lastIndexOf('/') + 1);
        Set<String> consumed = new TreeSet<>();
        Set<String> deadLetters = new TreeSet<>();
        for (String key : p.stringPropertyNames()) {
            if (!key.startsWith("mp.messaging.incoming.")) {
                continue;
            }
            if (key.endsWith(".connector")) {
                // EventProcessor dead-letters to graduasi.dlq.<consumer group>; the group defaults to the app name.
                String channel = key.substring("mp.messaging.incoming.".length(), key.length() - ".connector".length());
                String groupKey = "mp.messaging.incoming." + channel + ".group.id";
                String group = p.containsKey(groupKey) ? value.apply(groupKey) : app;
                deadLetters.add(Topics.deadLetter(group));
            } else if (key.endsWith(".topics") || key.endsWith(".topic")) {
                Arrays.stream(value.apply(key).split(",")).map(String::trim).filter(s -> !s.isEmpty())
                        .forEach(consumed::add);
            }
        }
        return new ServiceConfig(service, Integer.parseInt(value.apply("quarkus.http.port")), database, consumed,
                deadLetters, p);
    }

    boolean outsideSubscriber() {
        return OUTSIDE_SUBSCRIBERS.contains(name);
    }

    /** graduasi_registry for registry-service: the CloudNativePG cluster is graduasi-registry. */
    String cluster() {
        return database.replace('_', '-');
    }

    /** The audience the service accepts (mp.jwt.verify.audiences) when run with this environment. */
    String jwtAudience(Map<String, String> env) {
        if (env.containsKey("MP_JWT_VERIFY_AUDIENCES")) {
            return env.get("MP_JWT_VERIFY_AUDIENCES");
        }
        return resolve(properties.getProperty("mp.jwt.verify.audiences"),
                k -> env.containsKey(k) ? env.get(k) : properties.getProperty(k));
    }

    /** The property keys of the service, without their profile (%dev.x is x). */
    Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            keys.add(key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key);
        }
        return keys;
    }

    /** The properties an environment variable sets: those it names (env-var form) and those whose value reads it. */
    Set<String> keysSetBy(String variable) {
        Set<String> set = new TreeSet<>();
        for (String key : keys()) {
            if (envForm(key).equals(variable)) {
                set.add(key);
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (references(properties.getProperty(key)).contains(variable)) {
                set.add(key.startsWith("%") && key.indexOf('.') > 0 ? key.substring(key.indexOf('.') + 1) : key);
            }
        }
        return set;
    }

    /**
     * Whether the service reads the environment variable: it is the env-var form of one of its properties, a
     * value of its properties reads it (${VAR:default}), or its README or the shared platform's documents it (a
     * property or variable in backquotes; properties with defaults in code are not in application.properties).
     */
    boolean reads(String variable) {
        if (!keysSetBy(variable).isEmpty()) {
            return true;
        }
        List<Path> docs = new ArrayList<>();
        docs.add(Manifests.root().resolve(name + "/README.md"));
        SHARED_DOCS.forEach(d -> docs.add(Manifests.root().resolve(d)));
        Pattern documented = Pattern.compile("`([A-Za-z][A-Za-z0-9_.\\-]*)`");
        for (Path doc : docs) {
            if (!Files.isRegularFile(doc)) {
                continue;
            }
            try {
                Matcher m = documented.matcher(Files.readString(doc));
                while (m.find()) {
                    if (m.group(1).equals(variable) || envForm(m.group(1)).equals(variable)) {
                        return true;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return false;
    }

    /** MicroProfile Config's environment-variable form of a property: quarkus.http.port is QUARKUS_HTTP_PORT. */
    static String envForm(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    private static final Pattern EXPRESSION_NAME = Pattern.compile("\\$\\{([^:}$]+)");

    /** The names a value reads through expressions (${name} or ${name:default}), nested ones too. */
    static Set<String> references(String value) {
        Set<String> names = new TreeSet<>();
        Matcher m = EXPRESSION_NAME.matcher(value == null ? "" : value);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Expands ${name} and ${name:default} (nested) as SmallRye Config does, names looked up with {@code lookup}. */
    static String resolve(String value, Function<String, String> lookup) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < value.length()) {
            int start = value.indexOf("${", i);
            if (start < 0) {
                out.append(value, i, value.length());
                break;
            }
            out.append(value, i, start);
            int depth = 0;
            int end = -1;
            int colon = -1;
            for (int j = start + 2; j < value.length(); j++) {
                if (value.startsWith("${", j)) {
                    depth++;
                    j++;
                } else if (value.charAt(j) == '}') {
                    if (depth == 0) {
                        end = j;
                        break;
                    }
                    depth--;
                } else if (value.charAt(j) == ':' && depth == 0 && colon < 0) {
                    colon = j;
                }
            }
            if (end < 0) {
                throw new IllegalArgumentException("unbalanced expression in " + value);
            }
            String name = value.substring(start + 2, colon < 0 ? end : colon);
            String found = lookup.apply(name);
            if (found == null && colon < 0) {
                throw new IllegalArgumentException("${" + name + "} has no value and no default in " + value);
            }
            out.append(resolve(found != null ? found : value.substring(colon + 1, end), lookup));
            i = end + 1;
        }
        return out.toString();
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
