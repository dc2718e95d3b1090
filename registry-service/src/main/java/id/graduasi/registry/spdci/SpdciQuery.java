package id.graduasi.registry.spdci;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import id.graduasi.registry.domain.HouseholdStatus;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.domain.WelfareCategory;

/**
 * Turns the DCI query types into HQL conditions over households (h) and their active members: {@code idtype-value}
 * (NIN/UIN = a member's NIK, HOUSEHOLD_ID = our household UUID, KK = the KK number), {@code expression} (the
 * spec's MongoDB-like form: {@code {"$and": [{"dtsen_decile": {"$le": 3}}, ...]}}) and {@code predicate} (the
 * spec's list of {@code expression1 [condition expression2]}, combined with AND in seq_num order).
 * Values are always bound parameters, never pasted into the query.
 */
public final class SpdciQuery {

    /** What a query or filter selects: households (Group) or active members (Member). */
    public enum Entity {
        GROUP, MEMBER
    }

    public enum Operator {
        EQ("eq", "="), LT("lt", "<"), GT("gt", ">"), LE("le", "<="), GE("ge", ">="), IN("in", "in");

        final String dci;
        final String hql;

        Operator(String dci, String hql) {
            this.dci = dci;
            this.hql = hql;
        }

        static Operator of(String name) {
            return Arrays.stream(values()).filter(o -> o.dci.equals(name)).findFirst()
                    .orElseThrow(() -> new Invalid("operator '" + name + "' is not supported (eq, lt, gt, le, ge, in)"));
        }
    }

    private static final List<Operator> EQUALITY = List.of(Operator.EQ, Operator.IN);
    private static final List<Operator> ORDERED = List.of(Operator.values());

    /** The attributes a query may name; member attributes match a household if any active member matches. */
    public enum Attribute {
        REGION_CODE("region_code", false, "villageCode", List.of(Operator.EQ), SpdciQuery::regionCode),
        VILLAGE_CODE("village_code", false, "villageCode", EQUALITY, SpdciQuery::text),
        STATUS("status", false, "status", EQUALITY, v -> enumValue(HouseholdStatus.class, v)),
        WELFARE_CATEGORY("welfare_category", false, "welfareCategory", EQUALITY,
                v -> enumValue(WelfareCategory.class, v)),
        DTSEN_DECILE("dtsen_decile", false, "dtsenDecile", ORDERED, SpdciQuery::decile),
        POVERTY_SCORE("poverty_score", false, "dtsenDecile", ORDERED, SpdciQuery::decile),
        REGISTRATION_DATE("registration_date", false, "registeredOn", ORDERED, SpdciQuery::date),
        GROUP_SIZE("group_size", false, null, ORDERED, SpdciQuery::count),
        BIRTH_DATE("birth_date", true, "birthDate", ORDERED, SpdciQuery::date),
        SEX("sex", true, "sex", EQUALITY, SpdciQuery::sex),
        RELATIONSHIP("relationship", true, "relationship", EQUALITY, v -> enumValue(Relationship.class, v)),
        IS_DISABLED("is_disabled", true, "disability", List.of(Operator.EQ), SpdciQuery::bool);

        final String dci;
        final boolean member;
        final String property;
        final List<Operator> operators;
        final Function<JsonNode, Object> parser;

        Attribute(String dci, boolean member, String property, List<Operator> operators,
                Function<JsonNode, Object> parser) {
            this.dci = dci;
            this.member = member;
            this.property = property;
            this.operators = operators;
            this.parser = parser;
        }

        public static Attribute of(String name) {
            return Arrays.stream(values()).filter(a -> a.dci.equals(name)).findFirst()
                    .orElseThrow(() -> new Invalid("attribute '" + name + "' is not supported ("
                            + Arrays.stream(values()).map(a -> a.dci).collect(Collectors.joining(", ")) + ")"));
        }
    }

    /** The query is not one we can run: its reason goes back to the partner as status_reason_message. */
    public static class Invalid extends RuntimeException {

        public Invalid(String message) {
            super(message);
        }
    }

    /** Binds values as :p0, :p1, ... while a condition is written. */
    public static final class Params {

        private final Map<String, Object> values = new java.util.HashMap<>();

        String bind(Object value) {
            String name = "p" + values.size();
            values.put(name, value);
            return ":" + name;
        }

        public Map<String, Object> values() {
            return values;
        }
    }

    public sealed interface Condition {

        String hql(Entity entity, Params params);
    }

    record All() implements Condition {

        @Override
        public String hql(Entity entity, Params params) {
            return "1 = 1";
        }
    }

    record And(List<Condition> all) implements Condition {

        @Override
        public String hql(Entity entity, Params params) {
            return all.isEmpty() ? "1 = 1" : all.stream().map(c -> "(" + c.hql(entity, params) + ")")
                    .collect(Collectors.joining(" and "));
        }
    }

    record Or(List<Condition> any) implements Condition {

        @Override
        public String hql(Entity entity, Params params) {
            return any.isEmpty() ? "1 = 0" : any.stream().map(c -> "(" + c.hql(entity, params) + ")")
                    .collect(Collectors.joining(" or "));
        }
    }

    record Not(Condition negated) implements Condition {

        @Override
        public String hql(Entity entity, Params params) {
            return "not (" + negated.hql(entity, params) + ")";
        }
    }

    /** attribute operator value; on a member attribute, in Group searches: some active member satisfies it. */
    record Compare(Attribute attribute, Operator operator, Object value) implements Condition {

        @Override
        public String hql(Entity entity, Params params) {
            String bound = operator == Operator.IN ? "(" + params.bind(value) + ")" : params.bind(value);
            if (attribute == Attribute.GROUP_SIZE) {
                return "(select count(*) from Member gs where gs.householdId = h.id and gs.active = true) "
                        + operator.hql + " " + bound;
            }
            if (attribute == Attribute.REGION_CODE) {
                // A region code matches its own villages: "64.72" takes 64.72.01.1001 but not 64.720...
                return "(h.villageCode = " + bound + " or h.villageCode like concat(" + bound + ", '.%'))";
            }
            if (!attribute.member) {
                return "h." + attribute.property + " " + operator.hql + " " + bound;
            }
            return memberCondition(entity, "%s." + attribute.property + " " + operator.hql + " " + bound);
        }
    }

    /** An identifier: NIN/UIN (by the NIK's keyed hash), HOUSEHOLD_ID or KK. */
    record Identifier(String type, Object value) implements Condition {

        @Override
        public String hql(Entity entity, Params params) {
            String bound = params.bind(value);
            return switch (type) {
                case "NIN", "UIN" -> memberCondition(entity, "%s.nikHash = " + bound);
                case "HOUSEHOLD_ID" -> "h.id = " + bound;
                default -> "h.kkNumber = " + bound;
            };
        }
    }

    private static String memberCondition(Entity entity, String template) {
        return entity == Entity.MEMBER ? template.formatted("m")
                : "exists (from Member mx where mx.householdId = h.id and mx.active = true and "
                        + template.formatted("mx") + ")";
    }

    private SpdciQuery() {
    }

    /**
     * @param nikHash turns a NIK into the keyed hash we store: NIKs never reach the query in clear
     */
    public static Condition parse(String queryType, JsonNode query, Function<String, String> nikHash) {
        if (query == null || query.isNull() || query.isMissingNode()) {
            throw new Invalid("query is required");
        }
        return switch (queryType) {
            case "idtype-value" -> identifier(query, nikHash);
            case "expression" -> expression(unwrapExpression(query));
            case "predicate" -> predicate(query.isArray() ? query : query.path("value"));
            default -> throw new Invalid("query_type '" + queryType
                    + "' is not supported (idtype-value, expression, predicate)");
        };
    }

    private static Condition identifier(JsonNode query, Function<String, String> nikHash) {
        String type = query.path("type").asText("");
        JsonNode value = query.path("value");
        if (!value.isTextual() && !value.isNumber()) {
            throw new Invalid("query.value must be the identifier as a string");
        }
        String text = value.asText().strip();
        return switch (type) {
            case "NIN", "UIN" -> {
                if (!text.matches("\\d{16}")) {
                    throw new Invalid("a " + type + " is a 16-digit NIK");
                }
                yield new Identifier(type, nikHash.apply(text));
            }
            case "HOUSEHOLD_ID" -> {
                try {
                    yield new Identifier(type, UUID.fromString(text));
                } catch (IllegalArgumentException e) {
                    throw new Invalid("a HOUSEHOLD_ID is the registry's household UUID (use KK for the KK number)");
                }
            }
            case "KK" -> {
                if (!text.matches("\\d{16}")) {
                    throw new Invalid("a KK is the 16-digit KK number");
                }
                yield new Identifier(type, text);
            }
            default -> throw new Invalid("identifier type '" + type
                    + "' is not supported (NIN, UIN, HOUSEHOLD_ID, KK)");
        };
    }

    /** The spec nests it as {type, value: {expression: {collection, query}}}; the inner query is what we run. */
    static JsonNode unwrapExpression(JsonNode query) {
        JsonNode node = query;
        if (node.has("value")) {
            node = node.get("value");
        }
        if (node.has("expression")) {
            node = node.get("expression");
        }
        if (node.has("query")) {
            node = node.get("query");
        }
        return node;
    }

    /** The collection an expression names, if any: the default response entity. */
    static String expressionCollection(JsonNode query) {
        JsonNode node = query.has("value") ? query.get("value") : query;
        node = node.has("expression") ? node.get("expression") : node;
        return node.path("collection").asText(null);
    }

    private static Condition expression(JsonNode node) {
        if (!node.isObject()) {
            throw new Invalid("an expression is an object like {\"$and\": [{\"dtsen_decile\": {\"$le\": 3}}]}");
        }
        List<Condition> all = new ArrayList<>();
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            JsonNode value = field.getValue();
            switch (key) {
                case "$and", "$or" -> {
                    if (!value.isArray()) {
                        throw new Invalid(key + " takes an array of expressions");
                    }
                    List<Condition> parts = new ArrayList<>();
                    value.forEach(part -> parts.add(expression(part)));
                    all.add(key.equals("$and") ? new And(parts) : new Or(parts));
                }
                case "$not" -> all.add(new Not(expression(value)));
                default -> {
                    Attribute attribute = Attribute.of(key);
                    if (value.isObject()) {
                        if (value.isEmpty()) {
                            throw new Invalid(key + " has no operator");
                        }
                        value.fields().forEachRemaining(op -> {
                            if (!op.getKey().startsWith("$")) {
                                throw new Invalid(key + ": operators are written $eq, $lt, $gt, $le, $ge, $in");
                            }
                            all.add(compare(attribute, Operator.of(op.getKey().substring(1)), op.getValue()));
                        });
                    } else {
                        all.add(compare(attribute, Operator.EQ, value));
                    }
                }
            }
        });
        return all.isEmpty() ? new All() : all.size() == 1 ? all.get(0) : new And(all);
    }

    private static Condition predicate(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new Invalid("a predicate query is a non-empty array of {seq_num, expression1, condition, expression2}");
        }
        List<JsonNode> items = new ArrayList<>();
        list.forEach(items::add);
        items.sort(Comparator.comparingDouble(i -> i.path("seq_num").asDouble(Double.MAX_VALUE)));
        List<Condition> all = new ArrayList<>();
        for (JsonNode item : items) {
            Condition first = comparison(item.path("expression1"), "expression1");
            JsonNode second = item.path("expression2");
            String condition = item.path("condition").asText(null);
            if (condition == null) {
                if (!second.isMissingNode() && !second.isNull()) {
                    throw new Invalid("expression2 needs a condition (and, or, not)");
                }
                all.add(first);
                continue;
            }
            switch (condition) {
                case "and" -> all.add(new And(List.of(first, comparison(second, "expression2"))));
                case "or" -> all.add(new Or(List.of(first, comparison(second, "expression2"))));
                // "not" alone negates expression1; with expression2 it reads "expression1 and not expression2".
                case "not" -> all.add(second.isMissingNode() || second.isNull() ? new Not(first)
                        : new And(List.of(first, new Not(comparison(second, "expression2")))));
                default -> throw new Invalid("condition '" + condition + "' is not supported (and, or, not)");
            }
        }
        return all.size() == 1 ? all.get(0) : new And(all);
    }

    private static Condition comparison(JsonNode expression, String name) {
        if (!expression.isObject()) {
            throw new Invalid(name + " is required: {attribute_name, operator, attribute_value}");
        }
        Attribute attribute = Attribute.of(expression.path("attribute_name").asText(""));
        Operator operator = Operator.of(expression.path("operator").asText(""));
        if (!expression.has("attribute_value")) {
            throw new Invalid(name + ".attribute_value is required");
        }
        return compare(attribute, operator, expression.get("attribute_value"));
    }

    private static Condition compare(Attribute attribute, Operator operator, JsonNode value) {
        if (!attribute.operators.contains(operator)) {
            throw new Invalid(attribute.dci + " supports " + attribute.operators.stream().map(o -> o.dci).toList());
        }
        if (operator == Operator.IN) {
            if (!value.isArray() || value.isEmpty()) {
                throw new Invalid(attribute.dci + ": in takes a non-empty array");
            }
            List<Object> values = new ArrayList<>();
            value.forEach(v -> values.add(attribute.parser.apply(v)));
            return new Compare(attribute, operator, values);
        }
        return new Compare(attribute, operator, attribute.parser.apply(value));
    }

    // ---- values ---------------------------------------------------------------------------------------------

    private static String text(JsonNode value) {
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new Invalid("value must be a non-empty string");
        }
        return value.asText().strip();
    }

    private static Object regionCode(JsonNode value) {
        String code = text(value);
        if (!code.matches("\\d{2}(\\.\\d{2}(\\.\\d{2}(\\.\\d{4})?)?)?")) {
            throw new Invalid("region_code is a code like 64, 64.72, 64.72.01 or 64.72.01.1001");
        }
        return code;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode value) {
        String text = text(value).toUpperCase(Locale.ROOT);
        try {
            return Enum.valueOf(type, text);
        } catch (IllegalArgumentException e) {
            throw new Invalid("'" + value.asText() + "' is not one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    private static Object decile(JsonNode value) {
        if (!value.canConvertToInt() || value.asInt() < 1 || value.asInt() > 10) {
            if (value.isTextual() && value.asText().matches("\\d{1,2}")) {
                return decile(com.fasterxml.jackson.databind.node.IntNode.valueOf(Integer.parseInt(value.asText())));
            }
            throw new Invalid("a DTSEN decile is a number from 1 to 10");
        }
        return (short) value.asInt();
    }

    private static Object count(JsonNode value) {
        if (!value.canConvertToLong() || !value.isIntegralNumber() || value.asLong() < 0) {
            throw new Invalid("group_size is a whole number");
        }
        return value.asLong();
    }

    /** A date, or a date-time of which the date counts (the spec writes birth_date as 1985-05-20T00:00:00Z). */
    private static Object date(JsonNode value) {
        String text = text(value);
        try {
            return text.length() > 10 ? OffsetDateTime.parse(text).toLocalDate() : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new Invalid("'" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static Object sex(JsonNode value) {
        return switch (text(value).toLowerCase(Locale.ROOT)) {
            case "m", "male" -> Sex.M;
            case "f", "female" -> Sex.F;
            default -> throw new Invalid("sex is male or female (M or F)");
        };
    }

    private static Object bool(JsonNode value) {
        if (!value.isBoolean()) {
            throw new Invalid("is_disabled is true or false");
        }
        return value.asBoolean();
    }
}
