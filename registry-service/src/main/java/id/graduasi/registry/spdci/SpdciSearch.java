package id.graduasi.registry.spdci;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.databind.JsonNode;

import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.Member;
import id.graduasi.registry.security.NikProtector;
import id.graduasi.registry.spdci.SpdciQuery.Attribute;
import id.graduasi.registry.spdci.SpdciQuery.Entity;
import io.smallrye.mutiny.Uni;

/**
 * Runs one DCI search_criteria: its query (any query type), sort and pagination (pages count from 1), over
 * households (response_entity Group) or active members (Member). Runs inside the caller's session.
 */
@ApplicationScoped
public class SpdciSearch {

    static final int DEFAULT_PAGE_SIZE = 100;

    private final NikProtector niks;
    private final SpdciRecords records;
    private final int maxPageSize;

    public SpdciSearch(NikProtector niks, SpdciRecords records,
            @ConfigProperty(name = "graduasi.registry.spdci.max-page-size", defaultValue = "1000") int maxPageSize) {
        this.niks = niks;
        this.records = records;
        this.maxPageSize = maxPageSize;
    }

    /** A search_criteria we cannot run, with the spec's SearchStatusReasonCode. */
    public static class Rejected extends RuntimeException {

        final String code;

        Rejected(String code, String message) {
            super(message);
            this.code = code;
        }
    }

    public record Sort(Attribute attribute, boolean descending) {
    }

    public record Criteria(Entity entity, SpdciQuery.Condition condition, List<Sort> sort, int pageSize,
            int pageNumber) {
    }

    public record Result(String recordType, List<Object> records, long total, int pageSize, int pageNumber) {
    }

    public Criteria parse(JsonNode criteria) {
        if (!criteria.isObject()) {
            throw new Rejected("rjct.search_criteria.invalid", "search_criteria is required");
        }
        String queryType = criteria.path("query_type").asText(null);
        if (queryType == null) {
            throw new Rejected("rjct.search_criteria.invalid", "search_criteria.query_type is required");
        }
        JsonNode query = criteria.path("query");
        SpdciQuery.Condition condition;
        try {
            condition = SpdciQuery.parse(queryType, query, niks::hash);
        } catch (SpdciQuery.Invalid e) {
            throw new Rejected("rjct.search_criteria.invalid", "search_criteria.query: " + e.getMessage());
        }
        String collection = "expression".equals(queryType) ? SpdciQuery.expressionCollection(query) : null;
        Entity entity = entity(criteria.path("response_entity").asText(null),
                criteria.path("reg_record_type").asText(null), collection);
        return new Criteria(entity, condition, sort(criteria.path("sort"), entity), pageSize(criteria),
                pageNumber(criteria));
    }

    /** response_entity decides; else a reg_record_type or expression collection naming a member or person. */
    private static Entity entity(String responseEntity, String recordType, String collection) {
        if (responseEntity != null) {
            return switch (responseEntity) {
                case SpdciRecords.GROUP -> Entity.GROUP;
                case SpdciRecords.MEMBER -> Entity.MEMBER;
                default -> throw new Rejected("rjct.search_criteria.invalid",
                        "search_criteria.response_entity must be Group or Member");
            };
        }
        for (String hint : new String[] {recordType, collection}) {
            if (hint != null && (hint.endsWith("Member") || hint.endsWith("Person"))) {
                return Entity.MEMBER;
            }
        }
        return Entity.GROUP;
    }

    private static List<Sort> sort(JsonNode sort, Entity entity) {
        if (sort.isMissingNode() || sort.isNull()) {
            return List.of();
        }
        if (!sort.isArray()) {
            throw new Rejected("rjct.sort.invalid", "sort must be an array of {attribute_name, sort_order}");
        }
        List<Sort> list = new ArrayList<>();
        for (JsonNode s : sort) {
            Attribute attribute;
            try {
                attribute = Attribute.of(s.path("attribute_name").asText(""));
            } catch (SpdciQuery.Invalid e) {
                throw new Rejected("rjct.sort.invalid", "sort: " + e.getMessage());
            }
            if (attribute.property == null || attribute == Attribute.REGION_CODE
                    || (attribute.member && entity == Entity.GROUP)) {
                throw new Rejected("rjct.sort.invalid", "sort: cannot sort " + (entity == Entity.GROUP
                        ? "groups" : "members") + " by " + attribute.dci);
            }
            String order = s.path("sort_order").asText("asc");
            if (!order.equals("asc") && !order.equals("desc")) {
                throw new Rejected("rjct.sort.invalid", "sort_order must be asc or desc");
            }
            list.add(new Sort(attribute, order.equals("desc")));
        }
        return list;
    }

    private int pageSize(JsonNode criteria) {
        JsonNode pagination = criteria.path("pagination");
        if (pagination.isMissingNode() || pagination.isNull()) {
            return Math.min(DEFAULT_PAGE_SIZE, maxPageSize);
        }
        JsonNode size = pagination.path("page_size");
        if (!size.isIntegralNumber() || !size.canConvertToInt() || size.asInt() < 1
                || size.asInt() > maxPageSize) {
            throw new Rejected("rjct.pagination.invalid",
                    "pagination.page_size is required, from 1 to " + maxPageSize);
        }
        return size.asInt();
    }

    private static int pageNumber(JsonNode criteria) {
        JsonNode number = criteria.path("pagination").path("page_number");
        if (number.isMissingNode() || number.isNull()) {
            return 1;
        }
        if (!number.isIntegralNumber() || !number.canConvertToInt() || number.asInt() < 1 || number.asInt() > 1_000_000) {
            throw new Rejected("rjct.pagination.invalid", "pagination.page_number counts from 1");
        }
        return number.asInt();
    }

    /** Runs the criteria; call inside a session. */
    public Uni<Result> run(Criteria criteria, id.graduasi.security.RegionScope scope) {
        SpdciQuery.Params params = new SpdciQuery.Params();
        String where = criteria.condition().hql(criteria.entity(), params);
        // The partner's granted regions are part of the query: pages and totals never see other regions.
        Map<String, Object> scopeParams = new java.util.HashMap<>();
        String scoped = scope.condition("h.villageCode", "scope", scopeParams);
        if (scoped != null) {
            where = "(" + where + ") and " + scoped;
        }
        String order = criteria.sort().stream()
                .map(s -> (s.attribute().member ? "m." : "h.") + s.attribute().property + (s.descending() ? " desc" : ""))
                .collect(Collectors.joining(", "));
        int index = criteria.pageNumber() - 1;
        Map<String, Object> values = new java.util.HashMap<>(params.values());
        values.putAll(scopeParams);
        if (criteria.entity() == Entity.GROUP) {
            String from = "from Household h where " + where;
            return Household.<Household>find(from + " order by " + (order.isEmpty() ? "" : order + ", ") + "h.id",
                            values)
                    .page(index, criteria.pageSize()).list()
                    .chain(page -> Household.count(from, values).chain(total -> groups(page)
                            .map(list -> new Result(SpdciRecords.GROUP, list, total, criteria.pageSize(),
                                    criteria.pageNumber()))));
        }
        String from = "from Member m join Household h on h.id = m.householdId where m.active = true and (" + where
                + ")";
        return Member.<Member>find("select m " + from + " order by " + (order.isEmpty() ? "" : order + ", ") + "m.id",
                        values)
                .page(index, criteria.pageSize()).list()
                .chain(page -> Member.count(from, values).chain(total -> members(page)
                        .map(list -> new Result(SpdciRecords.MEMBER, list, total, criteria.pageSize(),
                                criteria.pageNumber()))));
    }

    /** Households as Groups with their active members (head first); loads the page's members in one query. */
    public Uni<List<Object>> groups(List<Household> households) {
        if (households.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<UUID> ids = households.stream().map(h -> h.id).toList();
        return Member.<Member>list("householdId in ?1 and active = true"
                        + " order by case when relationship = 'HEAD' then 0 else 1 end, addedAt, id", ids)
                .map(members -> {
                    Map<UUID, List<Member>> byHousehold = new LinkedHashMap<>();
                    members.forEach(m -> byHousehold.computeIfAbsent(m.householdId, k -> new ArrayList<>()).add(m));
                    return households.stream().<Object>map(h -> records.group(h,
                            byHousehold.getOrDefault(h.id, List.of()))).toList();
                });
    }

    private Uni<List<Object>> members(List<Member> members) {
        if (members.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<UUID> ids = new HashSet<>(members.stream().map(m -> m.householdId).toList());
        return Household.<Household>list("id in ?1", List.copyOf(ids)).map(households -> {
            Map<UUID, Household> byId = households.stream().collect(Collectors.toMap(h -> h.id, Function.identity()));
            return members.stream().<Object>map(m -> records.member(m, byId.get(m.householdId))).toList();
        });
    }
}
