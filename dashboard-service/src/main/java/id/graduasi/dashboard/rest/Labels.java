package id.graduasi.dashboard.rest;

import java.util.Map;

/** Column labels of the CSV exports, in Bahasa Indonesia (default) and English; the page carries its own. */
final class Labels {

    private static final Map<String, String[]> LABELS = Map.ofEntries(
            Map.entry("code", new String[] {"kode_wilayah", "region_code"}),
            Map.entry("name", new String[] {"nama_wilayah", "region_name"}),
            Map.entry("registered", new String[] {"terdaftar", "registered"}),
            Map.entry("verified", new String[] {"terverifikasi", "verified"}),
            Map.entry("enrolled", new String[] {"terdaftar_program", "enrolled"}),
            Map.entry("assessed", new String[] {"dinilai", "assessed"}),
            Map.entry("proposed", new String[] {"diusulkan", "proposed"}),
            Map.entry("graduated", new String[] {"graduasi", "graduated"}),
            Map.entry("relapsed", new String[] {"kembali_miskin", "relapsed"}),
            Map.entry("relapseSuspected", new String[] {"dugaan_kembali_miskin", "relapse_suspected"}),
            Map.entry("workers", new String[] {"pendamping", "social_workers"}),
            Map.entry("cases", new String[] {"kasus_aktif", "open_cases"}),
            Map.entry("householdsInCases", new String[] {"kpm_didampingi", "households_in_cases"}),
            Map.entry("caseload", new String[] {"beban_kasus_rata_rata", "average_caseload"}),
            Map.entry("visits", new String[] {"kunjungan", "visits"}),
            Map.entry("householdsVisited", new String[] {"kpm_dikunjungi", "households_visited"}),
            Map.entry("visitsLast30Days", new String[] {"kunjungan_30_hari", "visits_last_30_days"}),
            Map.entry("programme", new String[] {"program", "programme"}),
            Map.entry("enrollments", new String[] {"kepesertaan", "enrollments"}),
            Map.entry("activeEnrollments", new String[] {"kepesertaan_aktif", "active_enrollments"}),
            Map.entry("householdsEnrolled", new String[] {"kpm_peserta", "households_enrolled"}),
            Map.entry("payments", new String[] {"pembayaran", "payments"}),
            Map.entry("householdsPaid", new String[] {"kpm_dibayar", "households_paid"}),
            Map.entry("disbursedRupiah", new String[] {"tersalurkan_rupiah", "disbursed_rupiah"}),
            Map.entry("year", new String[] {"tahun_anggaran", "budget_year"}),
            Map.entry("fundingSource", new String[] {"sumber_dana", "funding_source"}),
            Map.entry("targetHouseholds", new String[] {"target_kpm", "target_households"}),
            Map.entry("householdsPercent", new String[] {"realisasi_kpm_persen", "households_percent_of_target"}),
            Map.entry("budget", new String[] {"pagu_rupiah", "budget_rupiah"}),
            Map.entry("budgetPercent", new String[] {"realisasi_anggaran_persen", "disbursed_percent_of_budget"}),
            Map.entry("month", new String[] {"bulan", "month"}),
            Map.entry("povertyLine", new String[] {"garis_kemiskinan_rupiah", "poverty_line_rupiah"}),
            Map.entry("householdsObserved", new String[] {"kpm_diamati", "households_observed"}),
            Map.entry("belowLine", new String[] {"di_bawah_garis", "below_line"}),
            Map.entry("aboveLine", new String[] {"di_atas_garis", "above_line"}),
            Map.entry("total", new String[] {"JUMLAH", "TOTAL"}));

    private Labels() {
    }

    static String of(String key, String lang) {
        String[] labels = LABELS.get(key);
        return labels == null ? key : labels["en".equals(lang) ? 1 : 0];
    }
}
