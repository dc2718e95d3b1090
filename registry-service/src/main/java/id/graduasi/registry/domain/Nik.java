package id.graduasi.registry.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The NIK (Nomor Induk Kependudukan): 6-digit area code, birth date as DDMMYY with 40 added to the day for
 * women, 4-digit serial. We check its form and that it agrees with the declared sex and birth date; we never
 * read a domicile from it (people move, their NIK does not).
 */
public final class Nik {

    private Nik() {
    }

    /** @return what is wrong, in words; empty when the NIK is consistent with the person. */
    public static List<String> problems(String nik, Sex sex, LocalDate birthDate, Predicate<String> knownProvince) {
        List<String> problems = new ArrayList<>();
        if (nik == null || !nik.matches("\\d{16}")) {
            problems.add("must be 16 digits");
            return problems;
        }
        if (!knownProvince.test(nik.substring(0, 2))) {
            problems.add("does not start with a province code");
        }
        int day = Integer.parseInt(nik.substring(6, 8));
        int month = Integer.parseInt(nik.substring(8, 10));
        int year = Integer.parseInt(nik.substring(10, 12));
        boolean female = day > 40;
        if (female) {
            day -= 40;
        }
        if (day < 1 || day > 31 || month < 1 || month > 12) {
            problems.add("digits 7-12 are not a date (DDMMYY, day + 40 for women)");
        } else if (birthDate != null && (birthDate.getDayOfMonth() != day || birthDate.getMonthValue() != month
                || birthDate.getYear() % 100 != year)) {
            problems.add("does not match the birth date " + birthDate);
        }
        if (sex != null && (sex == Sex.F) != female) {
            problems.add("does not match the declared sex (women's day of birth is written + 40)");
        }
        if (nik.endsWith("0000")) {
            problems.add("serial number 0000 is not issued");
        }
        return problems;
    }
}
