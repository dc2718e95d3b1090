package id.graduasi.mentoring.service;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import id.graduasi.events.persistence.NativeSql;
import id.graduasi.events.persistence.TimeOrderedIds;
import id.graduasi.mentoring.config.MentoringConfig;
import id.graduasi.mentoring.domain.CaseStatus;
import id.graduasi.mentoring.domain.FollowUp;
import id.graduasi.mentoring.domain.FollowUpStatus;
import id.graduasi.mentoring.domain.MentoringCase;
import id.graduasi.mentoring.domain.Visit;
import id.graduasi.mentoring.domain.VisitKind;
import id.graduasi.mentoring.security.MentoringAccess;
import id.graduasi.rest.ListBounds;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;

/**
 * The follow-up plan: after every disbursement a home visit is due within {@code follow-up-days}; a home visit
 * on or after the payment day fulfils it. The agenda adds the regular visit schedule: every
 * {@code visit-interval-days} for an OPEN case, every {@code monitoring-visit-interval-days} under monitoring,
 * counted from the last home visit (or from the assignment to the worker, before the first visit).
 */
@ApplicationScoped
public class FollowUpService {

    public enum AgendaItemType {
        /** A home visit due after a disbursement. */
        FOLLOW_UP,
        /** The case's regular home visit. */
        REGULAR_VISIT
    }

    public record AgendaItem(AgendaItemType type, UUID caseId, UUID householdId, String villageCode,
            CaseStatus caseStatus, LocalDate dueOn, boolean overdue, UUID followUpId, LocalDate paidOn,
            LocalDate lastHomeVisitOn) {
    }

    public enum RegionLevel {
        REGENCY(5), DISTRICT(8), VILLAGE(13);

        final int length;

        RegionLevel(int length) {
            this.length = length;
        }
    }

    public record RegionCount(String regionCode, long overdue) {
    }

    private final MentoringConfig config;
    private final MentoringAccess access;

    public FollowUpService(MentoringConfig config, MentoringAccess access) {
        this.config = config;
        this.access = access;
    }

    /**
     * Opens a follow-up due {@code paidOn} plus the configured days, unless the household already has an open
     * one. If a home visit on or after the payment day is already recorded (an offline app synced before the
     * payment event arrived), the follow-up is recorded as done by that visit. Call inside a transaction.
     */
    public Uni<Void> open(MentoringCase mentoringCase, UUID entitlementId, LocalDate paidOn) {
        return FollowUp.count("householdId = ?1 and status = ?2", mentoringCase.householdId, FollowUpStatus.OPEN)
                .chain(open -> open > 0 ? Uni.createFrom().voidItem()
                        : Visit.<Visit>find("householdId = ?1 and kind = ?2 and visitedOn >= ?3 order by visitedOn",
                                        mentoringCase.householdId, VisitKind.HOME_VISIT, paidOn)
                                .firstResult()
                                .chain(visit -> {
                                    FollowUp followUp = new FollowUp();
                                    followUp.id = TimeOrderedIds.next();
                                    followUp.caseId = mentoringCase.id;
                                    followUp.householdId = mentoringCase.householdId;
                                    followUp.villageCode = mentoringCase.villageCode;
                                    followUp.entitlementId = entitlementId;
                                    followUp.paidOn = paidOn;
                                    followUp.dueOn = paidOn.plusDays(config.followUpDays());
                                    followUp.createdAt = CaseService.now();
                                    followUp.status = FollowUpStatus.OPEN;
                                    if (visit != null) {
                                        followUp.status = FollowUpStatus.DONE;
                                        followUp.fulfilledByVisitId = visit.id;
                                        followUp.fulfilledOn = visit.visitedOn;
                                    }
                                    return followUp.persist().replaceWithVoid();
                                }));
    }

    /** A home visit fulfils the household's open follow-up if it took place on or after the payment day. */
    public Uni<Void> fulfil(Visit visit) {
        if (visit.kind != VisitKind.HOME_VISIT) {
            return Uni.createFrom().voidItem();
        }
        return FollowUp.<FollowUp>find("householdId = ?1 and status = ?2", visit.householdId, FollowUpStatus.OPEN)
                .firstResult()
                .invoke(followUp -> {
                    if (followUp != null && !visit.visitedOn.isBefore(followUp.paidOn)) {
                        followUp.status = FollowUpStatus.DONE;
                        followUp.fulfilledByVisitId = visit.id;
                        followUp.fulfilledOn = visit.visitedOn;
                    }
                })
                .replaceWithVoid();
    }

    /**
     * A worker's agenda as of a day: open follow-ups and regular visits of the worker's OPEN and MONITORING
     * cases that are overdue or due within {@code horizonDays}, earliest first; only cases in the caller's
     * regions (filtered in the query). Bounded: the {@link ListBounds#MAX_ROWS} follow-ups due first and the
     * regular visits of the {@link ListBounds#MAX_ROWS} cases visited longest ago.
     */
    @WithSession
    public Uni<List<AgendaItem>> agenda(UUID workerId, LocalDate asOf, int horizonDays) {
        LocalDate until = asOf.plusDays(horizonDays);
        Map<String, Object> params = new HashMap<>();
        String scoped = access.scope().condition("c.village_code", "scope", params);
        String inScope = scoped == null ? "" : " and " + scoped;
        params.put("worker", workerId);
        params.put("until", until);
        params.put("max", ListBounds.MAX_ROWS);
        return NativeSql.rows("""
                        select cast(f.id as text), cast(f.case_id as text), cast(f.household_id as text),
                               f.village_code, c.status, to_char(f.due_on, 'YYYY-MM-DD'),
                               to_char(f.paid_on, 'YYYY-MM-DD')
                        from follow_up f join mentoring_case c on c.id = f.case_id
                        where c.worker_id = :worker and f.status = 'OPEN' and c.status in ('OPEN', 'MONITORING')
                          and f.due_on <= :until""" + inScope + " order by f.due_on, f.id limit :max", params)
                        .chain(followUps -> NativeSql.rows("""
                                select cast(c.id as text), cast(c.household_id as text), c.village_code, c.status,
                                       to_char(max(v.visited_on), 'YYYY-MM-DD'),
                                       to_char(cast(c.assigned_at at time zone 'UTC' as date), 'YYYY-MM-DD')
                                from mentoring_case c
                                left join visit v on v.case_id = c.id and v.kind = 'HOME_VISIT'
                                where c.worker_id = :worker and c.status in ('OPEN', 'MONITORING')""" + inScope
                                + " group by c.id order by coalesce(max(v.visited_on),"
                                + " cast(c.assigned_at at time zone 'UTC' as date)), c.id limit :max", params)
                                .map(cases -> {
                                    List<AgendaItem> items = new ArrayList<>();
                                    for (Object[] f : followUps) {
                                        LocalDate due = LocalDate.parse((String) f[5]);
                                        items.add(new AgendaItem(AgendaItemType.FOLLOW_UP,
                                                UUID.fromString((String) f[1]), UUID.fromString((String) f[2]),
                                                (String) f[3], CaseStatus.valueOf((String) f[4]), due,
                                                due.isBefore(asOf), UUID.fromString((String) f[0]),
                                                LocalDate.parse((String) f[6]), null));
                                    }
                                    for (Object[] c : cases) {
                                        CaseStatus status = CaseStatus.valueOf((String) c[3]);
                                        LocalDate last = c[4] == null ? null : LocalDate.parse((String) c[4]);
                                        LocalDate base = last != null ? last : LocalDate.parse((String) c[5]);
                                        LocalDate due = base.plusDays(status == CaseStatus.MONITORING
                                                ? config.monitoringVisitIntervalDays() : config.visitIntervalDays());
                                        if (!due.isAfter(until)) {
                                            items.add(new AgendaItem(AgendaItemType.REGULAR_VISIT,
                                                    UUID.fromString((String) c[0]), UUID.fromString((String) c[1]),
                                                    (String) c[2], status, due, due.isBefore(asOf), null, null,
                                                    last));
                                        }
                                    }
                                    items.sort(Comparator.comparing(AgendaItem::dueOn)
                                            .thenComparing(AgendaItem::type)
                                            .thenComparing(AgendaItem::householdId));
                                    return items;
                                }));
    }

    /**
     * Open follow-ups overdue as of {@code asOf} (due before that day) in a region, counted per regency, district
     * or village. Cases not yet assigned to a worker count too: they are the most overdue of all. Only the
     * caller's regions are counted (in the query).
     */
    @WithSession
    public Uni<List<RegionCount>> overdueCounts(String regionPrefix, RegionLevel level, LocalDate asOf) {
        Map<String, Object> params = new HashMap<>();
        String scoped = access.scope().condition("village_code", "scope", params);
        params.put("length", level.length);
        params.put("asOf", asOf);
        params.put("prefix", regionPrefix + "%");
        return NativeSql.rows("""
                        select substr(village_code, 1, :length) as region, count(*)
                        from follow_up
                        where status = 'OPEN' and due_on < :asOf and village_code like :prefix"""
                        + (scoped == null ? "" : " and " + scoped) + " group by region order by region", params)
                .map(rows -> rows.stream()
                        .map(r -> new RegionCount((String) r[0], ((Number) r[1]).longValue())).toList());
    }
}
