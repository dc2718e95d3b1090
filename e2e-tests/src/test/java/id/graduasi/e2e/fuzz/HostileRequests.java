package id.graduasi.e2e.fuzz;

import java.math.BigInteger;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries of hostile requests for the operations of an {@link OpenApi} document: each request is
 * shaped after one operation (so that some get past routing and validation into the service's code) and then
 * broken in one or more ways: malformed JSON, wrong types, huge strings and arrays, deep nesting, invalid
 * NIK/KK/region codes, unknown enum values, missing fields, wrong content types, hostile path, query and
 * Idempotency-Key values, any role's token or none, oversized bodies, URIs and headers.
 */
public final class HostileRequests {

    /** A request to send; {@code category} says what was broken, for the report. */
    public record FuzzRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body,
            String category) {

        public String describe() {
            String shown = body == null ? "" : new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8)
                    .replaceAll("[\\p{Cntrl}]", "?");
            String t = target.length() > 160 ? target.substring(0, 160) + "...(" + target.length() + " chars)" : target;
            return category + ": " + method + " " + t + " headers=" + headers.stream()
                    .map(h -> h.getKey() + "=" + abbreviate(h.getValue())).toList()
                    + (body == null ? "" : " body(" + body.length + " bytes)=" + shown);
        }

        private static String abbreviate(String s) {
            return s.length() > 40 ? s.substring(0, 40) + "...(" + s.length() + ")" : s;
        }
    }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Writes the deeply nested bodies too (Jackson refuses to write over 1,000 levels by default). */
    private static final ObjectMapper MAPPER = new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
            .streamWriteConstraints(com.fasterxml.jackson.core.StreamWriteConstraints.builder()
                    .maxNestingDepth(1_000_000).build())
            .build());

    private final OpenApi api;
    private final List<String> tokens;
    private final int maxBodyBytes;

    /**
     * @param tokens bearer tokens to choose from, the most capable first (each role; the fuzzer adds none and
     *            garbage itself)
     * @param maxBodyBytes the service's limit for ordinary bodies: oversized ones are just above and well above
     */
    public HostileRequests(OpenApi api, List<String> tokens, int maxBodyBytes) {
        this.api = api;
        this.tokens = List.copyOf(tokens);
        this.maxBodyBytes = maxBodyBytes;
    }

    public Arbitrary<FuzzRequest> requests() {
        List<OpenApi.Operation> operations = api.operations();
        if (operations.isEmpty()) {
            throw new IllegalStateException("the OpenAPI document declares no operation");
        }
        return Arbitraries.of(operations).flatMap(this::requestFor);
    }

    Arbitrary<FuzzRequest> requestFor(OpenApi.Operation op) {
        Arbitrary<String> path = path(op);
        Arbitrary<String> query = query(op);
        Arbitrary<List<Map.Entry<String, String>>> headers = headers(op);
        Arbitrary<Body> body = body(op);
        Arbitrary<FuzzRequest> shaped = Combinators.combine(path, query, headers, body).as((p, q, h, b) -> {
            List<Map.Entry<String, String>> all = new ArrayList<>(h);
            if (b.contentType != null) {
                all.add(Map.entry("Content-Type", b.contentType));
            }
            return new FuzzRequest(op.method(), p + q, all, b.bytes, b.category);
        });
        // Rare: the limits of the HTTP layer itself (each such request costs more than a small one).
        Arbitrary<FuzzRequest> oversized = Combinators.combine(path, headers, Arbitraries.integers().between(0, 3))
                .as((p, h, kind) -> oversized(op, p, h, kind));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(97, shaped), net.jqwik.api.Tuple.of(3, oversized));
    }

    private FuzzRequest oversized(OpenApi.Operation op, String path, List<Map.Entry<String, String>> headers,
            int kind) {
        List<Map.Entry<String, String>> all = new ArrayList<>(headers);
        switch (kind) {
            case 0: // a body just above the service's limit
                all.add(Map.entry("Content-Type", "application/json"));
                return new FuzzRequest(bodyMethod(op), path, all, filler(maxBodyBytes + 1), "body just over the limit");
            case 1: // a body far above it, and above the server's own limit (but on upload paths)
                all.add(Map.entry("Content-Type", "application/json"));
                return new FuzzRequest(bodyMethod(op), path, all, filler(5 * 1024 * 1024 + 1), "body over 5 MB");
            case 2: // a request target longer than any a client needs (8K), below what the decoder holds (64K)
                return new FuzzRequest(op.method(), path + "?q=" + "a".repeat(9_000 + (path.length() * 31) % 40_000),
                        all, null, "URI over 8K");
            default: // headers larger than any a client needs (16K), below what the decoder holds (64K)
                all.add(Map.entry("X-Filler", "h".repeat(17_000 + (path.length() * 31) % 40_000)));
                return new FuzzRequest(op.method(), path, all, null, "headers over 16K");
        }
    }

    private static String bodyMethod(OpenApi.Operation op) {
        return op.method().equals("GET") || op.method().equals("DELETE") || op.method().equals("HEAD") ? "POST"
                : op.method();
    }

    private static byte[] filler(int size) {
        byte[] bytes = new byte[size];
        java.util.Arrays.fill(bytes, (byte) ' ');
        bytes[0] = '{';
        bytes[size - 1] = '}';
        return bytes;
    }

    // ---- path and query ----

    private Arbitrary<String> path(OpenApi.Operation op) {
        List<Arbitrary<String>> segments = new ArrayList<>();
        String template = op.path();
        int from = 0;
        while (true) {
            int open = template.indexOf('{', from);
            if (open < 0) {
                segments.add(Arbitraries.just(template.substring(from)));
                break;
            }
            int close = template.indexOf('}', open);
            segments.add(Arbitraries.just(template.substring(from, open)));
            String name = template.substring(open + 1, close);
            JsonNode schema = op.params().stream().filter(p -> p.in().equals("path") && p.name().equals(name))
                    .map(OpenApi.Param::schema).findFirst().orElse(JSON.objectNode());
            segments.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, valid(schema, name).map(HostileRequests::text)),
                    net.jqwik.api.Tuple.of(2, hostileUrlText())).map(HostileRequests::encodeSegment));
            from = close + 1;
        }
        return Combinators.combine(segments).as(parts -> String.join("", parts));
    }

    private Arbitrary<String> query(OpenApi.Operation op) {
        List<Arbitrary<String>> parts = new ArrayList<>();
        for (OpenApi.Param p : op.params()) {
            if (!p.in().equals("query")) {
                continue;
            }
            Arbitrary<String> value = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(3, valid(p.schema(), p.name()).map(HostileRequests::text)),
                    net.jqwik.api.Tuple.of(2, hostileUrlText()));
            Arbitrary<String> one = value.map(v -> p.name() + "=" + encode(v));
            parts.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(p.required() ? 1 : 3, Arbitraries.just("")),
                    net.jqwik.api.Tuple.of(6, one),
                    net.jqwik.api.Tuple.of(1, one.list().ofMinSize(2).ofMaxSize(4).map(l -> String.join("&", l)))));
        }
        parts.add(Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, hostileUrlText().map(v -> "unknown=" + encode(v))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("page=-1", "size=1000000000", "size=abc", "limit=1e9",
                        "cursor=%00", "after=" + encode("' OR 1=1 --"), "page=99999999999999999999"))));
        return Combinators.combine(parts).as(list -> {
            String q = String.join("&", list.stream().filter(s -> !s.isEmpty()).toList());
            return q.isEmpty() ? "" : "?" + q;
        });
    }

    // ---- headers ----

    private Arbitrary<List<Map.Entry<String, String>>> headers(OpenApi.Operation op) {
        Arbitrary<String> authorization = Arbitraries.frequencyOf(
                // The first token (staff with every write role, everywhere) half the time: past authorization.
                net.jqwik.api.Tuple.of(8, Arbitraries.just("Bearer " + tokens.get(0))),
                net.jqwik.api.Tuple.of(8, Arbitraries.of(tokens).map(t -> "Bearer " + t)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("")),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("Bearer ", "Bearer a.b.c", "Basic YWRtaW46YWRtaW4=",
                        "Bearer " + "x".repeat(5000), "bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.")));
        Arbitrary<String> idempotencyKey = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, uuids()),
                net.jqwik.api.Tuple.of(3, hostileHeaderValue()),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("")));
        Arbitrary<String> accept = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of("application/json", "*/*", "")),
                net.jqwik.api.Tuple.of(2, Arbitraries.of("application/problem+json", "application/xml", "text/html",
                        "text/csv", "image/png;q=0.1", "garbage", "application/json;q=0", "*/*;q=abc")));
        boolean declaresIdempotency = op.params().stream()
                .anyMatch(p -> p.in().equals("header") && p.name().equalsIgnoreCase("Idempotency-Key"));
        return Combinators.combine(authorization, idempotencyKey, accept,
                Arbitraries.integers().between(0, 9)).as((auth, key, acc, r) -> {
                    List<Map.Entry<String, String>> headers = new ArrayList<>();
                    if (!auth.isEmpty()) {
                        headers.add(Map.entry("Authorization", auth));
                    }
                    // Mostly on the operations that declare it, sometimes on the others.
                    if ((declaresIdempotency && r < 8) || r == 9) {
                        if (!key.isEmpty() || r % 2 == 0) {
                            headers.add(Map.entry("Idempotency-Key", key));
                        }
                    }
                    if (!acc.isEmpty()) {
                        headers.add(Map.entry("Accept", acc));
                    }
                    return headers;
                });
    }

    /** Header values java.net.http accepts (visible ASCII, spaces and tabs): the rest is tested over raw sockets. */
    private static Arbitrary<String> hostileHeaderValue() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ascii().ofMinLength(1).ofMaxLength(300)
                        .map(s -> s.replaceAll("[^\\x20-\\x7e\\t]", "x").strip()).filter(s -> !s.isEmpty()),
                Arbitraries.integers().between(256, 20_000).map(n -> "k".repeat(n)),
                Arbitraries.of(" ", "\t", "null", "../../etc/passwd", "' OR '1'='1", "%00", "${jndi:ldap://x/a}",
                        "00000000-0000-0000-0000-000000000000", "-1", "9".repeat(40), "\\u0000", "a,b,c", "\"\""));
    }

    // ---- bodies ----

    private record Body(String contentType, byte[] bytes, String category) {
    }

    private Arbitrary<Body> body(OpenApi.Operation op) {
        boolean takesBody = !op.body().isMissingNode();
        String declared = op.mediaTypes().isEmpty() ? "application/json" : op.mediaTypes().get(0);
        Arbitrary<JsonNode> valid = takesBody ? valid(op.body(), "body") : Arbitraries.just(JSON.objectNode());
        Arbitrary<String> contentType = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(12, Arbitraries.just(declared)),
                net.jqwik.api.Tuple.of(3, Arbitraries.of("", "text/plain", "application/xml",
                        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "a/b/c", "garbage",
                        "application/json; charset=ISO-8859-1", "application/json; charset=nonsense",
                        "application/octet-stream", "text/csv", "application/problem+json", "*/*")));
        Arbitrary<Body> shaped = Combinators.combine(valid, mutation(), contentType)
                .as((node, m, ct) -> m.apply(node, ct));
        Arbitrary<Body> raw = Combinators.combine(rawBody(valid), contentType).as((b, ct) -> new Body(ct, b.bytes, b.category));
        if (!takesBody) {
            // An operation without a body: mostly none, sometimes one it does not expect.
            return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, Arbitraries.just(new Body(null, null, "no body"))),
                    net.jqwik.api.Tuple.of(1, shaped), net.jqwik.api.Tuple.of(1, raw));
        }
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, shaped), net.jqwik.api.Tuple.of(2, raw),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Body(null, null, "missing body"))));
    }

    @FunctionalInterface
    private interface Mutation {
        Body apply(JsonNode valid, String contentType);
    }

    /** One way of breaking a well-shaped body (or none: a valid body with a hostile path, token or header). */
    private Arbitrary<Mutation> mutation() {
        Arbitrary<Mutation> none = Arbitraries.just((node, ct) -> body(ct, node, "well-shaped body"));
        Arbitrary<Mutation> replace = Combinators.combine(Arbitraries.integers().between(0, 1000), hostileValue())
                .as((pick, value) -> (node, ct) -> {
                    List<String> paths = new ArrayList<>();
                    collectPaths(node, "", paths);
                    if (paths.isEmpty()) {
                        return body(ct, value, "hostile body");
                    }
                    String at = paths.get(pick % paths.size());
                    return body(ct, replaceAt(node.deepCopy(), at, value), "hostile value at " + at);
                });
        Arbitrary<Mutation> remove = Arbitraries.integers().between(0, 1000).map(pick -> (node, ct) -> {
            List<String> paths = new ArrayList<>();
            collectPaths(node, "", paths);
            if (paths.isEmpty()) {
                return body(ct, node, "well-shaped body");
            }
            String at = paths.get(pick % paths.size());
            return body(ct, replaceAt(node.deepCopy(), at, null), "missing " + at);
        });
        Arbitrary<Mutation> unknown = hostileValue().map(value -> (node, ct) -> {
            JsonNode copy = node.deepCopy();
            if (copy instanceof ObjectNode o) {
                o.set("unknownField", value);
            }
            return body(ct, copy, "unknown field");
        });
        Arbitrary<Mutation> replaceRoot = hostileValue().map(value -> (node, ct) -> body(ct, value, "hostile root"));
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(2, none), net.jqwik.api.Tuple.of(6, replace),
                net.jqwik.api.Tuple.of(2, remove), net.jqwik.api.Tuple.of(1, unknown),
                net.jqwik.api.Tuple.of(1, replaceRoot));
    }

    /** Bodies that are not JSON at all, or not quite. */
    private Arbitrary<Body> rawBody(Arbitrary<JsonNode> valid) {
        Arbitrary<Body> truncated = Combinators.combine(valid, Arbitraries.doubles().between(0, 1))
                .as((node, at) -> {
                    String text = node.toString();
                    return raw(text.substring(0, (int) (text.length() * at)), "truncated JSON");
                });
        Arbitrary<Body> garbage = Arbitraries.strings().all().ofMaxLength(400).map(s -> raw(s, "random text"));
        Arbitrary<Body> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(400)
                .map(b -> new Body(null, b, "random bytes"));
        Arbitrary<Body> deep = Combinators.combine(Arbitraries.integers().between(200, 30_000),
                Arbitraries.of("[", "{\"a\":")).as((depth, open) -> raw(open.repeat(depth)
                        + "1" + (open.equals("[") ? "]" : "}").repeat(depth), "nested " + depth + " deep"));
        Arbitrary<Body> deepUnclosed = Arbitraries.integers().between(200, 30_000)
                .map(depth -> raw("[".repeat(depth), "unclosed nesting " + depth + " deep"));
        Arbitrary<Body> fixed = Arbitraries.of("", "null", "[]", "{}", "\"\"", "0", "true", "{\"a\":1,\"a\":2}",
                "{'a':1}", "{\"a\":1}}", "\uFEFF{}", "{\"a\":\"\\ud800\"}", "{\"a\":\"\\u0000\"}", "{\"a\":NaN}",
                "{\"a\":1e99999}", "{/*c*/}", "{\"a\"}", "{,}", "[1,]").map(s -> raw(s, "odd JSON"));
        Arbitrary<Body> invalidUtf8 = Arbitraries.just(new Body(null,
                new byte[] {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '"', '}'},
                "invalid UTF-8"));
        Arbitrary<Body> manyKeys = Arbitraries.integers().between(1000, 20_000).map(n -> {
            StringBuilder s = new StringBuilder("{");
            for (int i = 0; i < n; i++) {
                s.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
            }
            return raw(s.append('}').toString(), n + " keys");
        });
        return Arbitraries.oneOf(truncated, garbage, bytes, deep, deepUnclosed, fixed, invalidUtf8, manyKeys);
    }

    private static Body raw(String text, String category) {
        return new Body(null, text.getBytes(StandardCharsets.UTF_8), category);
    }

    private static Body body(String contentType, JsonNode node, String category) {
        byte[] bytes;
        try {
            bytes = MAPPER.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return new Body(contentType, bytes, category);
    }

    // ---- values ----

    /** A value shaped after a schema: right type, an allowed enum value, a plausible string. */
    Arbitrary<JsonNode> valid(JsonNode schema, String name) {
        return valid(api.resolve(schema), name, 0);
    }

    private Arbitrary<JsonNode> valid(JsonNode schema, String name, int depth) {
        schema = api.resolve(schema);
        if (schema.has("enum")) {
            List<JsonNode> values = new ArrayList<>();
            schema.get("enum").forEach(values::add);
            return values.isEmpty() ? Arbitraries.just(JSON.nullNode()) : Arbitraries.of(values);
        }
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object": {
                if (depth > 4) {
                    return Arbitraries.just(JSON.objectNode());
                }
                List<String> names = new ArrayList<>();
                List<Arbitrary<JsonNode>> values = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> p = it.next();
                    names.add(p.getKey());
                    values.add(valid(p.getValue(), p.getKey(), depth + 1));
                }
                if (names.isEmpty()) {
                    return Arbitraries.just(JSON.objectNode());
                }
                return Combinators.combine(values).as(list -> {
                    ObjectNode o = JSON.objectNode();
                    for (int i = 0; i < names.size(); i++) {
                        o.set(names.get(i), list.get(i));
                    }
                    return o;
                });
            }
            case "array":
                if (depth > 4) {
                    return Arbitraries.just(JSON.arrayNode());
                }
                return valid(schema.path("items"), name, depth + 1).list().ofMaxSize(3).map(list -> {
                    ArrayNode a = JSON.arrayNode();
                    list.forEach(a::add);
                    return a;
                });
            case "integer":
                return Arbitraries.integers().between(0, 100).map(JSON::numberNode);
            case "number":
                return Arbitraries.doubles().between(0, 1_000_000).map(JSON::numberNode);
            case "boolean":
                return Arbitraries.of(true, false).map(JSON::booleanNode);
            default:
                return plausibleString(schema, name).map(JSON::textNode);
        }
    }

    /** Strings a well-behaved client would send, guessed from the format, the pattern and the name. */
    private static Arbitrary<String> plausibleString(JsonNode schema, String name) {
        String format = schema.path("format").asText("");
        String pattern = schema.path("pattern").asText("");
        String lower = name.toLowerCase();
        if (format.equals("uuid") || lower.endsWith("id") && !lower.equals("senderid")) {
            return uuids();
        }
        if (format.equals("date")) {
            return Arbitraries.integers().between(0, 3000).map(d -> java.time.LocalDate.of(2024, 1, 1).plusDays(d)
                    .toString());
        }
        if (format.equals("date-time")) {
            return Arbitraries.integers().between(0, 3000).map(d -> java.time.OffsetDateTime.parse(
                    "2025-01-01T00:00:00Z").plusHours(d).toString());
        }
        if (lower.equals("nik") || lower.equals("kk") || lower.endsWith("nik") || pattern.contains("{16}")) {
            return Arbitraries.strings().numeric().ofLength(15).map(s -> "6" + s);
        }
        if (lower.contains("region") || lower.contains("village") || pattern.contains("\\.")) {
            return Arbitraries.of("64", "64.71", "64.71.01", "64.71.01.2001", "31.71.01.1001");
        }
        if (pattern.startsWith("[A-Z")) {
            return Arbitraries.of("PKH", "BPNT", "PENA", "RELAPSE", "NO_RELAPSE", "DISMISSED", "OTHER");
        }
        if (pattern.contains("|")) {
            return Arbitraries.of(pattern.replaceAll("[()^$]", "").split("\\|"));
        }
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20);
    }

    /** Values no schema allows, or at the edges of what it allows. */
    private static Arbitrary<JsonNode> hostileValue() {
        return Arbitraries.oneOf(
                hostileText().map(JSON::textNode),
                Arbitraries.of(JSON.nullNode(), JSON.booleanNode(true), JSON.numberNode(-1), JSON.numberNode(0),
                        JSON.numberNode(Long.MAX_VALUE), JSON.numberNode(Integer.MIN_VALUE), JSON.numberNode(0.5),
                        JSON.numberNode(-1e308), JSON.numberNode(new BigInteger("9".repeat(60))),
                        JSON.numberNode(new java.math.BigDecimal("1e-400")), JSON.objectNode(), JSON.arrayNode(),
                        JSON.textNode(""), JSON.textNode("NOT_A_VALUE")),
                Arbitraries.integers().between(1000, 40_000).map(n -> {
                    ArrayNode a = JSON.arrayNode(); // a huge array
                    for (int i = 0; i < n; i++) {
                        a.add(i);
                    }
                    return (JsonNode) a;
                }),
                Arbitraries.integers().between(50, 2_000).map(depth -> {
                    JsonNode n = JSON.numberNode(1); // a deep value inside an otherwise valid body
                    for (int i = 0; i < depth; i++) {
                        n = i % 2 == 0 ? JSON.arrayNode().add(n) : JSON.objectNode().set("a", n);
                    }
                    return n;
                }));
    }

    /**
     * Hostile text for paths and queries: a long one now and then, but the whole request line stays below the
     * HTTP decoder's limit (64K), above which no application code is reached.
     */
    static Arbitrary<String> hostileUrlText() {
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(20, hostileText().filter(s -> s.length() <= 600)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1_000, 12_000).map(n -> "x".repeat(n))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(100, 1_500).map(n -> "é".repeat(n))));
    }

    /** Strings that break codes, parsers, storage or logs. */
    static Arbitrary<String> hostileText() {
        return Arbitraries.oneOf(
                // invalid NIK / KK / region codes and identifiers
                Arbitraries.of("", " ", "0", "-1", "1234567890", "12345678901234567", "123456789012345X",
                        "0000000000000000", "6471010101010000 ", "６４７１０１０１０１０１００００", "64.71.01.200",
                        "64.71.01.20011", "99.99.99.9999", "64..71", "64.71.01.2001.5", "00", "6X", "64/71",
                        "not-a-uuid", "00000000-0000-0000-0000-00000000000g", "2026-02-30", "0000-00-00",
                        "+999999999-12-31", "2026-13-01T25:61:61Z", "NaN", "Infinity", "1e400", "true",
                        "9223372036854775808", "-9223372036854775809", "NOT_A_VALUE", "pkh", "PKH ", "PKH\u0000"),
                // injection and traversal
                Arbitraries.of("' OR '1'='1", "'; DROP TABLE household; --", "../../../etc/passwd", "..", ".",
                        "%2e%2e%2f", "/", "\\", "${jndi:ldap://127.0.0.1/a}", "#{7*7}", "<script>alert(1)</script>",
                        "{{7*7}}", "%s%s%s%n", "\u0000", "a\u0000b", "\r\nX-Injected: 1", "\u202Eevil", "😀".repeat(50),
                        "\uD800", "\uFFFF", "Ω≈ç√∫˜µ≤≥÷"),
                // huge
                Arbitraries.integers().between(1_000, 60_000).map(n -> "x".repeat(n)),
                Arbitraries.integers().between(100, 20_000).map(n -> "é".repeat(n)),
                Arbitraries.strings().all().ofMaxLength(60));
    }

    /** From the seeded source, unlike UUID.randomUUID(): a run is reproducible from its seed. */
    private static Arbitrary<String> uuids() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as((a, b) -> new UUID(a, b).toString());
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : node.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Percent-encodes a path segment, but leaves dot segments raw sometimes: traversal is a hostile path too. */
    private static String encodeSegment(String s) {
        if (s.equals("..") || s.equals(".")) {
            return s;
        }
        return encode(s);
    }

    private static void collectPaths(JsonNode node, String prefix, List<String> out) {
        if (node instanceof ObjectNode o) {
            o.fieldNames().forEachRemaining(f -> {
                String p = prefix.isEmpty() ? f : prefix + "." + f;
                out.add(p);
                collectPaths(o.get(f), p, out);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                String p = prefix + "[" + i + "]";
                out.add(p);
                collectPaths(a.get(i), p, out);
            }
        }
    }

    /** Replaces (or with null, removes) the value at a path collectPaths made. */
    private static JsonNode replaceAt(JsonNode root, String path, JsonNode value) {
        List<Object> steps = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)\\]").matcher(path);
        while (m.find()) {
            steps.add(m.group(1) != null ? m.group(1) : (Object) Integer.valueOf(m.group(2)));
        }
        JsonNode parent = root;
        for (int i = 0; i < steps.size() - 1; i++) {
            Object s = steps.get(i);
            parent = s instanceof Integer idx ? parent.get(idx) : parent.get((String) s);
        }
        Object last = steps.get(steps.size() - 1);
        if (parent instanceof ObjectNode o) {
            if (value == null) {
                o.remove((String) last);
            } else {
                o.set((String) last, value);
            }
        } else if (parent instanceof ArrayNode a) {
            if (value == null) {
                a.remove((Integer) last);
            } else {
                a.set((Integer) last, value);
            }
        }
        return root;
    }
}
