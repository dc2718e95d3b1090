package id.graduasi.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The checks of a rendered overlay against the services' configuration; each returns its errors. */
final class Checks {

    static final Map<String, String> PROBES = Map.of(
            "startupProbe", "/q/health/started",
            "livenessProbe", "/q/health/live",
            "readinessProbe", "/q/health/ready");

    private Checks() {
    }

    static JsonNode container(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec").path("containers").path(0);
    }

    /** Every container's probes: the right /q/health path on the port the service listens on. */
    static List<String> probes(List<ObjectNode> docs, List<ServiceConfig> services) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
            Optional<ServiceConfig> svc = services.stream().filter(s -> s.name().equals(Manifests.name(d))).findFirst();
            if (svc.isEmpty()) {
                errors.add(Manifests.id(d) + ": not one of the services " + ServiceConfig.SERVICES);
                continue;
            }
            for (JsonNode c : d.path("spec").path("template").path("spec").path("containers")) {
                PROBES.forEach((probe, path) -> {
                    JsonNode get = c.path(probe).path("httpGet");
                    String where = Manifests.id(d) + " container " + c.path("name").asText() + " " + probe;
                    if (get.isMissingNode()) {
                        errors.add(where + ": missing (or not httpGet)");
                        return;
                    }
                    if (!path.equals(get.path("path").asText())) {
                        errors.add(where + ": path " + get.path("path").asText() + ", expected " + path);
                    }
                    Integer port = resolvePort(c, get.path("port"));
                    if (port == null || port != svc.get().port()) {
                        errors.add(where + ": port " + get.path("port") + " is not " + svc.get().port()
                                + " (quarkus.http.port)");
                    }
                });
                boolean listens = false;
                for (JsonNode p : c.path("ports")) {
                    listens |= p.path("containerPort").asInt() == svc.get().port();
                }
                if (!listens) {
                    errors.add(Manifests.id(d) + ": no containerPort " + svc.get().port());
                }
            }
        }
        return errors;
    }

    private static Integer resolvePort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return null;
    }

    /** Every container sets CPU and memory requests and limits. */
    static List<String> resources(List<ObjectNode> docs) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
            for (String list : List.of("containers", "initContainers")) {
                for (JsonNode c : d.path("spec").path("template").path("spec").path(list)) {
                    for (String kind : List.of("requests", "limits")) {
                        for (String resource : List.of("cpu", "memory")) {
                            if (c.path("resources").path(kind).path(resource).asText("").isEmpty()) {
                                errors.add(Manifests.id(d) + " container " + c.path("name").asText() + ": no "
                                        + kind + "." + resource);
                            }
                        }
                    }
                }
            }
        }
        return errors;
    }

    /** The topic a KafkaTopic creates: spec.topicName, else metadata.name. */
    static String topicName(JsonNode topic) {
        return topic.path("spec").path("topicName").asText(Manifests.name(topic));
    }

    /**
     * Exactly the given topics (the contract's, {@link ServiceConfig#deployedTopics()}) have a KafkaTopic, each on a
     * Kafka cluster that exists.
     */
    static List<String> topics(List<ObjectNode> docs, List<String> contract) {
        List<String> errors = new ArrayList<>();
        Set<String> declared = new TreeSet<>();
        for (ObjectNode t : Manifests.ofKind(docs, "KafkaTopic")) {
            String name = topicName(t);
            if (!declared.add(name)) {
                errors.add("topic " + name + " is declared twice");
            }
            if (!contract.contains(name)) {
                errors.add("KafkaTopic " + Manifests.name(t) + " creates " + name
                        + ", which is neither in Topics.all() nor an outside subscriber's dead-letter topic");
            }
            String cluster = t.path("metadata").path("labels").path("strimzi.io/cluster").asText();
            if (Manifests.find(docs, "Kafka", cluster).isEmpty()) {
                errors.add("KafkaTopic " + name + ": label strimzi.io/cluster names no Kafka (" + cluster + ")");
            }
            if (t.path("spec").path("partitions").asInt() < 1) {
                errors.add("KafkaTopic " + name + ": no partitions");
            }
        }
        for (String topic : contract) {
            if (!declared.contains(topic)) {
                errors.add("topic " + topic + " has no KafkaTopic");
            }
        }
        return errors;
    }

    /** Every topic the services consume or dead-letter to is a contract topic. */
    static List<String> configuredTopics(List<ServiceConfig> services, List<String> contract) {
        List<String> errors = new ArrayList<>();
        for (ServiceConfig s : services) {
            for (String t : s.consumedTopics()) {
                if (!contract.contains(t)) {
                    errors.add(s.name() + " consumes " + t + ", which is not in Topics.all()");
                }
            }
            if (s.deadLetterTopics().isEmpty()) {
                errors.add(s.name() + " has no dead-letter topic");
            }
            for (String t : s.deadLetterTopics()) {
                if (!contract.contains(t)) {
                    errors.add(s.name() + " dead-letters to " + t + ", which is not in Topics.all()");
                }
            }
        }
        return errors;
    }

    /** Replication of every topic: replicas and min.insync.replicas as the overlay promises. */
    static List<String> replication(List<ObjectNode> docs, int replicas, int minInSync) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode t : Manifests.ofKind(docs, "KafkaTopic")) {
            if (t.path("spec").path("replicas").asInt() != replicas) {
                errors.add("KafkaTopic " + topicName(t) + ": replicas " + t.path("spec").path("replicas") + ", expected " + replicas);
            }
            if (t.path("spec").path("config").path("min.insync.replicas").asInt() != minInSync) {
                errors.add("KafkaTopic " + topicName(t) + ": min.insync.replicas "
                        + t.path("spec").path("config").path("min.insync.replicas") + ", expected " + minInSync);
            }
        }
        int brokers = Manifests.ofKind(docs, "KafkaNodePool").stream()
                .filter(p -> p.path("spec").path("roles").toString().contains("\"broker\""))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        if (brokers < replicas) {
            errors.add("only " + brokers + " brokers for topics with " + replicas + " replicas");
        }
        int controllers = Manifests.ofKind(docs, "KafkaNodePool").stream()
                .filter(p -> p.path("spec").path("roles").toString().contains("\"controller\""))
                .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
        if (controllers < 1 || controllers % 2 == 0) {
            errors.add(controllers + " KRaft controllers: a quorum needs an odd number");
        }
        return errors;
    }

    /** The environment a container gets: literal env values and the ConfigMaps it takes whole. */
    static Map<String, String> env(List<ObjectNode> docs, JsonNode container) {
        Map<String, String> env = new HashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText(null);
            if (cm != null) {
                Manifests.find(docs, "ConfigMap", cm).ifPresent(m -> m.path("data").fields()
                        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText())));
            }
        }
        for (JsonNode e : container.path("env")) {
            if (e.has("value")) {
                env.put(e.path("name").asText(), e.path("value").asText());
            }
        }
        return env;
    }

    static Optional<JsonNode> secretRef(JsonNode container, String variable) {
        for (JsonNode e : container.path("env")) {
            if (variable.equals(e.path("name").asText())) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                return ref.isMissingNode() ? Optional.empty() : Optional.of(ref);
            }
        }
        return Optional.empty();
    }

    /** Each service reaches its own CloudNativePG cluster, database and credentials, and the Kafka cluster. */
    static List<String> databases(List<ObjectNode> docs, List<ServiceConfig> services) {
        List<String> errors = new ArrayList<>();
        for (ServiceConfig s : services) {
            Optional<ObjectNode> deployment = Manifests.find(docs, "Deployment", s.name());
            if (deployment.isEmpty()) {
                errors.add(s.name() + ": no Deployment");
                continue;
            }
            JsonNode c = container(deployment.get());
            Map<String, String> env = env(docs, c);
            String cluster = s.cluster();
            String reactive = "postgresql://" + cluster + "-rw:5432/" + s.database();
            if (!reactive.equals(env.get("QUARKUS_DATASOURCE_REACTIVE_URL"))) {
                errors.add(s.name() + ": QUARKUS_DATASOURCE_REACTIVE_URL is " + env.get("QUARKUS_DATASOURCE_REACTIVE_URL")
                        + ", expected " + reactive);
            }
            if (!("jdbc:" + reactive).equals(env.get("QUARKUS_DATASOURCE_JDBC_URL"))) {
                errors.add(s.name() + ": QUARKUS_DATASOURCE_JDBC_URL is " + env.get("QUARKUS_DATASOURCE_JDBC_URL")
                        + ", expected jdbc:" + reactive);
            }
            // Flyway migrates as the owner (CloudNativePG's app secret); the service runs as the managed runtime
            // role, which cannot change the audit log (docs/security.md, "The audit database role").
            Map<String, String> logins = Map.of("QUARKUS_FLYWAY_USERNAME", cluster + "-app/username",
                    "QUARKUS_FLYWAY_PASSWORD", cluster + "-app/password",
                    "QUARKUS_DATASOURCE_USERNAME", cluster + "-runtime/username",
                    "QUARKUS_DATASOURCE_PASSWORD", cluster + "-runtime/password");
            for (var v : new TreeMap<>(logins).entrySet()) {
                Optional<JsonNode> ref = secretRef(c, v.getKey());
                if (ref.isEmpty() || !v.getValue().equals(ref.get().path("name").asText() + "/"
                        + ref.get().path("key").asText())) {
                    errors.add(s.name() + ": " + v.getKey() + " must come from secret key " + v.getValue());
                }
            }
            Optional<ObjectNode> db = Manifests.find(docs, "Cluster", cluster);
            if (db.isEmpty()) {
                errors.add(s.name() + ": no CloudNativePG Cluster " + cluster);
            } else {
                if (!s.database().equals(db.get().path("spec").path("bootstrap").path("initdb").path("database").asText())) {
                    errors.add(s.name() + ": Cluster " + cluster + " does not create database " + s.database());
                }
                errors.addAll(runtimeRole(docs, s.name(), db.get()));
            }
            String bootstrap = env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "");
            boolean kafkaFound = false;
            for (ObjectNode k : Manifests.ofKind(docs, "Kafka")) {
                for (JsonNode l : k.path("spec").path("kafka").path("listeners")) {
                    kafkaFound |= bootstrap.equals(Manifests.name(k) + "-kafka-bootstrap:" + l.path("port").asInt())
                            && !l.path("tls").asBoolean();
                }
            }
            if (!kafkaFound) {
                errors.add(s.name() + ": KAFKA_BOOTSTRAP_SERVERS " + bootstrap + " is no plain listener of a Kafka here");
            }
        }
        return errors;
    }

    /**
     * The Cluster manages a login role, other than the owner, whose password is Secret {@code <cluster>-runtime};
     * when that secret is in the rendering, its username is that role.
     */
    static List<String> runtimeRole(List<ObjectNode> docs, String service, ObjectNode cluster) {
        List<String> errors = new ArrayList<>();
        String secret = Manifests.name(cluster) + "-runtime";
        String owner = cluster.path("spec").path("bootstrap").path("initdb").path("owner").asText();
        JsonNode role = null;
        for (JsonNode r : cluster.path("spec").path("managed").path("roles")) {
            if (secret.equals(r.path("passwordSecret").path("name").asText())) {
                role = r;
            }
        }
        if (role == null) {
            errors.add(service + ": Cluster " + Manifests.name(cluster) + " manages no role with password secret " + secret);
            return errors;
        }
        String name = role.path("name").asText();
        if (!role.path("login").asBoolean() || role.path("superuser").asBoolean() || "absent".equals(
                role.path("ensure").asText()) || name.equals(owner) || role.path("inRoles").toString().contains(
                        "\"" + owner + "\"")) {
            errors.add(service + ": the runtime role " + name + " must be present, log in, and be neither a superuser"
                    + " nor the owner " + owner + " nor a member of it");
        }
        Optional<ObjectNode> shipped = Manifests.find(docs, "Secret", secret);
        if (shipped.isPresent() && !name.equals(shipped.get().path("stringData").path("username").asText())) {
            errors.add(service + ": secret " + secret + " names user "
                    + shipped.get().path("stringData").path("username").asText() + ", the managed role is " + name);
        }
        return errors;
    }

    /** Every secret a Deployment reads is in the rendering, made by CloudNativePG, or one the README tells to create. */
    static List<String> secrets(List<ObjectNode> docs, Set<String> external) {
        List<String> errors = new ArrayList<>();
        Set<String> made = new TreeSet<>();
        Manifests.ofKind(docs, "Cluster").forEach(c -> made.add(Manifests.name(c) + "-app"));
        for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
            for (JsonNode e : container(d).path("env")) {
                JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                if (ref.isMissingNode()) {
                    continue;
                }
                String name = ref.path("name").asText();
                String key = ref.path("key").asText();
                Optional<ObjectNode> secret = Manifests.find(docs, "Secret", name);
                if (secret.isPresent()) {
                    if (!secret.get().path("stringData").has(key) && !secret.get().path("data").has(key)) {
                        errors.add(Manifests.id(d) + ": secret " + name + " has no key " + key);
                    }
                } else if (!made.contains(name) && !external.contains(name)) {
                    errors.add(Manifests.id(d) + ": secret " + name + " is neither here, nor CloudNativePG's, nor documented");
                }
            }
        }
        return errors;
    }

    /** Each Deployment has an HPA scaling it, a PDB covering its pods and a Service selecting them. */
    static List<String> availability(List<ObjectNode> docs) {
        List<String> errors = new ArrayList<>();
        for (ObjectNode d : Manifests.ofKind(docs, "Deployment")) {
            String name = Manifests.name(d);
            JsonNode podLabels = d.path("spec").path("template").path("metadata").path("labels");
            if (!Manifests.labelsMatch(d.path("spec").path("selector").path("matchLabels")).test(podLabels)) {
                errors.add(name + ": the selector does not match the pod labels");
            }
            boolean hpa = Manifests.ofKind(docs, "HorizontalPodAutoscaler").stream().anyMatch(h ->
                    name.equals(h.path("spec").path("scaleTargetRef").path("name").asText())
                            && "Deployment".equals(h.path("spec").path("scaleTargetRef").path("kind").asText()));
            if (!hpa) {
                errors.add(name + ": no HorizontalPodAutoscaler");
            }
            boolean pdb = Manifests.ofKind(docs, "PodDisruptionBudget").stream().anyMatch(p ->
                    Manifests.labelsMatch(p.path("spec").path("selector").path("matchLabels")).test(podLabels));
            if (!pdb) {
                errors.add(name + ": no PodDisruptionBudget");
            }
            boolean service = Manifests.ofKind(docs, "Service").stream().anyMatch(s ->
                    Manifests.labelsMatch(s.path("spec").path("selector")).test(podLabels));
            if (!service) {
                errors.add(name + ": no Service");
            }
        }
        return errors;
    }

    /** The ServiceMonitor scrapes /q/metrics of every service, on a port the Service has. */
    static List<String> monitoring(List<ObjectNode> docs) {
        List<String> errors = new ArrayList<>();
        List<ObjectNode> monitors = Manifests.ofKind(docs, "ServiceMonitor");
        for (ObjectNode s : Manifests.ofKind(docs, "Service")) {
            boolean scraped = monitors.stream().anyMatch(m ->
                    Manifests.labelsMatch(m.path("spec").path("selector").path("matchLabels")).test(s.path("metadata").path("labels"))
                            && m.path("spec").path("endpoints").findValuesAsText("port").stream().anyMatch(port ->
                            s.path("spec").path("ports").findValuesAsText("name").contains(port))
                            && m.path("spec").path("endpoints").findValuesAsText("path").contains("/q/metrics"));
            if (!scraped) {
                errors.add("Service " + Manifests.name(s) + ": no ServiceMonitor scrapes /q/metrics");
            }
        }
        return errors;
    }

    /** The names of the environment variables a container gets: its ConfigMaps' keys and its env entries. */
    static Set<String> envNames(List<ObjectNode> docs, JsonNode container) {
        Set<String> names = new TreeSet<>();
        for (JsonNode from : container.path("envFrom")) {
            String cm = from.path("configMapRef").path("name").asText(null);
            if (cm != null) {
                Manifests.find(docs, "ConfigMap", cm).ifPresent(m -> m.path("data").fieldNames()
                        .forEachRemaining(names::add));
            }
        }
        container.path("env").forEach(e -> names.add(e.path("name").asText()));
        return names;
    }

    /** What the checks here read from a service's application.properties: the manifests must not change it. */
    static boolean fixedByTheService(String key) {
        return key.equals("quarkus.application.name") || key.equals("quarkus.http.port")
                || key.startsWith("mp.messaging.incoming.") && (key.endsWith(".group.id") || key.endsWith(".topics")
                        || key.endsWith(".topic"));
    }

    /**
     * Every GRADUASI_* variable a service's Deployment sets is one the service reads (a typo would be ignored
     * silently), and no variable overrides its port, consumer groups or topics, which the other checks read from
     * its application.properties. Framework variables (QUARKUS_*, MP_*, SMALLRYE_*, KAFKA_*) are read by the
     * extensions; those the other checks rely on are checked there.
     */
    static List<String> environment(List<ObjectNode> docs, List<ServiceConfig> services) {
        List<String> errors = new ArrayList<>();
        for (ServiceConfig s : services) {
            Optional<ObjectNode> deployment = Manifests.find(docs, "Deployment", s.name());
            if (deployment.isEmpty()) {
                errors.add(s.name() + ": no Deployment");
                continue;
            }
            for (String variable : envNames(docs, container(deployment.get()))) {
                if (variable.startsWith("GRADUASI_") && !s.reads(variable)) {
                    errors.add(s.name() + ": " + variable + " is no property " + s.name() + " reads (its"
                            + " application.properties, platform defaults and README)");
                }
                for (String key : s.keysSetBy(variable)) {
                    if (fixedByTheService(key)) {
                        errors.add(s.name() + ": " + variable + " overrides " + key
                                + ", which the manifests follow from application.properties: change it there");
                    }
                }
            }
        }
        return errors;
    }

    /** A pod as a NetworkPolicy sees it: its namespace and labels. */
    record Pod(String namespace, Map<String, String> labels) {
    }

    static Map<String, String> labels(JsonNode labels) {
        Map<String, String> map = new TreeMap<>();
        labels.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }

    /** A label selector (matchLabels and matchExpressions) against labels; an empty selector selects all. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        var it = selector.path("matchLabels").fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        for (JsonNode x : selector.path("matchExpressions")) {
            String key = x.path("key").asText();
            Set<String> values = new TreeSet<>();
            x.path("values").forEach(v -> values.add(v.asText()));
            boolean ok = switch (x.path("operator").asText()) {
                case "In" -> labels.containsKey(key) && values.contains(labels.get(key));
                case "NotIn" -> !labels.containsKey(key) || !values.contains(labels.get(key));
                case "Exists" -> labels.containsKey(key);
                case "DoesNotExist" -> !labels.containsKey(key);
                default -> throw new IllegalArgumentException("unknown selector operator in " + x);
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the NetworkPolicies admit a TCP connection from one pod to another's port (a number, and its name
     * when the port is named in the container): a pod no Ingress policy selects is open; a selected pod admits
     * what one of the rules of the policies selecting it admits.
     */
    static boolean admits(List<ObjectNode> docs, Pod from, Pod to, int port, String portName) {
        boolean isolated = false;
        for (ObjectNode policy : Manifests.ofKind(docs, "NetworkPolicy")) {
            String namespace = policy.path("metadata").path("namespace").asText();
            JsonNode spec = policy.path("spec");
            JsonNode types = spec.path("policyTypes");
            boolean ingress = types.isMissingNode() || types.toString().contains("\"Ingress\"");
            if (!ingress || !namespace.equals(to.namespace()) || !selects(spec.path("podSelector"), to.labels())) {
                continue;
            }
            isolated = true;
            for (JsonNode rule : spec.path("ingress")) {
                boolean source = rule.path("from").isEmpty();
                for (JsonNode peer : rule.path("from")) {
                    if (peer.has("ipBlock")) {
                        continue; // addresses: not a pod of the cluster
                    }
                    boolean ns = peer.has("namespaceSelector")
                            ? selects(peer.path("namespaceSelector"), Map.of("kubernetes.io/metadata.name", from.namespace()))
                            : namespace.equals(from.namespace());
                    boolean pod = !peer.has("podSelector") || selects(peer.path("podSelector"), from.labels());
                    source |= ns && pod;
                }
                boolean target = rule.path("ports").isEmpty();
                for (JsonNode p : rule.path("ports")) {
                    JsonNode number = p.path("port");
                    boolean tcp = p.path("protocol").asText("TCP").equals("TCP");
                    boolean matches = number.isMissingNode()
                            || number.isInt() && (number.asInt() == port
                                    || p.has("endPort") && number.asInt() <= port && port <= p.path("endPort").asInt())
                            || number.isTextual() && number.asText().equals(portName);
                    target |= tcp && matches;
                }
                if (source && target) {
                    return true;
                }
            }
        }
        return !isolated;
    }

    /**
     * The network policies as deploy/README.md describes them: each service's HTTP port is reachable from the
     * ingress controller and Prometheus (namespaces ingress-nginx and monitoring) but not from any other namespace,
     * and, for an outside subscriber (which no service calls), not from the namespace's other pods either; each
     * service reaches the Kafka brokers' client port and its own database, which no other service and no other
     * pod of the namespace reaches.
     */
    static List<String> networkPolicies(List<ObjectNode> docs, List<ServiceConfig> services, String namespace) {
        List<String> errors = new ArrayList<>();
        Map<String, Pod> pods = new TreeMap<>();
        Map<String, String> portNames = new HashMap<>();
        for (ServiceConfig s : services) {
            Optional<ObjectNode> d = Manifests.find(docs, "Deployment", s.name());
            if (d.isEmpty()) {
                errors.add(s.name() + ": no Deployment");
                continue;
            }
            pods.put(s.name(), new Pod(namespace, labels(d.get().path("spec").path("template").path("metadata").path("labels"))));
            for (JsonNode p : container(d.get()).path("ports")) {
                if (p.path("containerPort").asInt() == s.port()) {
                    portNames.put(s.name(), p.path("name").asText(null));
                }
            }
        }
        Pod anyPod = new Pod(namespace, Map.of());
        for (ServiceConfig s : services) {
            Pod pod = pods.get(s.name());
            if (pod == null) {
                continue;
            }
            String portName = portNames.get(s.name());
            for (String allowed : List.of("ingress-nginx", "monitoring")) {
                if (!admits(docs, new Pod(allowed, Map.of()), pod, s.port(), portName)) {
                    errors.add(s.name() + ": port " + s.port() + " is closed to namespace " + allowed);
                }
            }
            if (admits(docs, new Pod("elsewhere", Map.of()), pod, s.port(), portName)) {
                errors.add(s.name() + ": port " + s.port() + " is open to any namespace");
            }
            if (s.outsideSubscriber()) {
                if (admits(docs, anyPod, pod, s.port(), portName)) {
                    errors.add(s.name() + ": port " + s.port() + " is open to any pod of the namespace; no service calls it");
                }
                for (var other : pods.entrySet()) {
                    if (!other.getKey().equals(s.name()) && admits(docs, other.getValue(), pod, s.port(), portName)) {
                        errors.add(s.name() + ": port " + s.port() + " is open to " + other.getKey() + "; no service calls it");
                    }
                }
            }
            for (ObjectNode kafka : Manifests.ofKind(docs, "Kafka")) {
                Pod broker = new Pod(namespace, Map.of("strimzi.io/cluster", Manifests.name(kafka),
                        "strimzi.io/kind", "Kafka", "strimzi.io/broker-role", "true"));
                if (!admits(docs, pod, broker, 9092, null)) {
                    errors.add(s.name() + ": cannot reach Kafka " + Manifests.name(kafka) + " on 9092");
                }
            }
            Pod database = new Pod(namespace, Map.of("cnpg.io/cluster", s.cluster(), "cnpg.io/podRole", "instance"));
            if (!admits(docs, pod, database, 5432, null)) {
                errors.add(s.name() + ": cannot reach its database " + s.cluster() + " on 5432");
            }
            if (admits(docs, anyPod, database, 5432, null)) {
                errors.add(s.cluster() + ": 5432 is open to any pod of the namespace");
            }
            if (admits(docs, new Pod("elsewhere", Map.of()), database, 5432, null)) {
                errors.add(s.cluster() + ": 5432 is open to any namespace");
            }
            for (var other : pods.entrySet()) {
                if (!other.getKey().equals(s.name()) && admits(docs, other.getValue(), database, 5432, null)) {
                    errors.add(other.getKey() + " can reach " + s.name() + "'s database " + s.cluster());
                }
            }
        }
        return errors;
    }

    /** Names are unique per kind, and every namespaced resource is in the overlay's namespace. */
    static List<String> identity(List<ObjectNode> docs, String namespace) {
        List<String> errors = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (ObjectNode d : docs) {
            if (!seen.add(Manifests.kind(d) + "/" + Manifests.name(d))) {
                errors.add("twice: " + Manifests.id(d));
            }
            if (!namespace.equals(d.path("metadata").path("namespace").asText())) {
                errors.add(Manifests.id(d) + ": namespace " + d.path("metadata").path("namespace").asText());
            }
        }
        return errors;
    }
}
