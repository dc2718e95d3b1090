package id.graduasi.registry.imports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import id.graduasi.registry.domain.EducationLevel;
import id.graduasi.registry.domain.Household;
import id.graduasi.registry.domain.RegistrationSource;
import id.graduasi.registry.domain.Relationship;
import id.graduasi.registry.domain.Sex;
import id.graduasi.registry.domain.WelfareCategory;
import id.graduasi.registry.service.MemberInput;
import id.graduasi.registry.service.NewHousehold;

/** Turns one KK's rows into a registration, or into row-level errors naming the column. */
final class ImportRows {

    private static final List<String> HOUSEHOLD_COLUMNS = List.of("village_code", "address", "welfare_category",
            "dtsen_decile");

    private ImportRows() {
    }

    /** @param errors receives one entry per problem; the registration is null when there is any */
    static NewHousehold parse(ImportFile.Household group, UUID jobId, List<ImportError> errors) {
        ImportFile.Row first = group.rows().get(0);
        String kk = first.get("kk_number");
        if (kk == null || !kk.matches("\\d{16}")) {
            errors.add(error(jobId, first, "kk_number", "must be the 16-digit KK number"));
        }
        for (ImportFile.Row row : group.rows().subList(1, group.rows().size())) {
            for (String column : HOUSEHOLD_COLUMNS) {
                if (!String.valueOf(first.get(column)).equals(String.valueOf(row.get(column)))) {
                    errors.add(error(jobId, row, column, "differs from the first row of this KK (line "
                            + first.line() + ")"));
                }
            }
        }
        Household household = new Household();
        household.kkNumber = kk;
        household.villageCode = required(jobId, first, "village_code", errors);
        household.address = limited(jobId, first, "address", 300, errors);
        household.welfareCategory = parse(jobId, first, "welfare_category", true, errors,
                v -> WelfareCategory.valueOf(v), WelfareCategory.values());
        Integer decile = parse(jobId, first, "dtsen_decile", true, errors, Integer::valueOf, null);
        if (decile != null && (decile < 1 || decile > 10)) {
            errors.add(error(jobId, first, "dtsen_decile", "must be between 1 and 10"));
        }
        household.dtsenDecile = decile == null ? 0 : decile.shortValue();
        household.registrationSource = RegistrationSource.BULK_IMPORT;
        household.importJobId = jobId;

        if (group.rows().size() > ImportFile.MAX_MEMBERS) {
            errors.add(error(jobId, group.rows().get(ImportFile.MAX_MEMBERS), "kk_number",
                    "a KK may list at most " + ImportFile.MAX_MEMBERS + " people"));
        }
        List<MemberInput> members = new ArrayList<>();
        for (ImportFile.Row row : group.rows()) {
            String nik = required(jobId, row, "nik", errors);
            String name = limited(jobId, row, "name", 120, errors);
            if (name == null) {
                errors.add(error(jobId, row, "name", "is required"));
            }
            Sex sex = parse(jobId, row, "sex", true, errors, Sex::valueOf, Sex.values());
            LocalDate birthDate = parse(jobId, row, "birth_date", true, errors, LocalDate::parse, null);
            Relationship relationship = parse(jobId, row, "relationship", true, errors, Relationship::valueOf,
                    Relationship.values());
            EducationLevel education = parse(jobId, row, "education_level", false, errors, EducationLevel::valueOf,
                    EducationLevel.values());
            members.add(new MemberInput(nik, name, sex, birthDate, relationship, education,
                    bool(jobId, row, "school_enrolled", errors), limited(jobId, row, "occupation", 100, errors),
                    bool(jobId, row, "disability", errors), bool(jobId, row, "pregnant", errors)));
        }
        return errors.isEmpty() ? new NewHousehold(household, members) : null;
    }

    /** The line a registration error belongs to: members[i].x names the i-th member's row. */
    static ImportError fromField(UUID jobId, ImportFile.Household group, String field, String message) {
        ImportFile.Row row = group.rows().get(0);
        String column = field;
        if (field.startsWith("members[")) {
            int index = Integer.parseInt(field.substring(8, field.indexOf(']')));
            row = group.rows().get(Math.min(index, group.rows().size() - 1));
            column = field.contains(".") ? field.substring(field.indexOf('.') + 1) : "relationship";
        } else if (field.equals("members")) {
            column = "relationship";
        }
        return error(jobId, row, column.replaceAll("([A-Z])", "_$1").toLowerCase(), message);
    }

    static ImportError error(UUID jobId, ImportFile.Row row, String column, String message) {
        ImportError error = new ImportError();
        error.jobId = jobId;
        error.lineNumber = row.line();
        error.kkNumber = row.get("kk_number") == null ? null : row.get("kk_number").substring(0,
                Math.min(40, row.get("kk_number").length()));
        error.field = column;
        error.message = message.length() > 500 ? message.substring(0, 500) : message;
        return error;
    }

    private static String required(UUID jobId, ImportFile.Row row, String column, List<ImportError> errors) {
        String value = row.get(column);
        if (value == null) {
            errors.add(error(jobId, row, column, "is required"));
        }
        return value;
    }

    private static String limited(UUID jobId, ImportFile.Row row, String column, int max, List<ImportError> errors) {
        String value = row.get(column);
        if (value != null && value.length() > max) {
            errors.add(error(jobId, row, column, "is longer than " + max + " characters"));
        }
        return value;
    }

    private static boolean bool(UUID jobId, ImportFile.Row row, String column, List<ImportError> errors) {
        String value = row.get(column);
        if (value == null || value.equalsIgnoreCase("false") || value.equals("0")) {
            return false;
        }
        if (value.equalsIgnoreCase("true") || value.equals("1")) {
            return true;
        }
        errors.add(error(jobId, row, column, "must be true or false"));
        return false;
    }

    private static <T> T parse(UUID jobId, ImportFile.Row row, String column, boolean required,
            List<ImportError> errors, Function<String, T> parser, Object[] allowed) {
        String value = row.get(column);
        if (value == null) {
            if (required) {
                errors.add(error(jobId, row, column, "is required"));
            }
            return null;
        }
        try {
            return parser.apply(value);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            errors.add(error(jobId, row, column, allowed != null ? "must be one of " + Arrays.toString(allowed)
                    : "cannot be read (" + (column.endsWith("date") ? "expected YYYY-MM-DD" : "expected a number")
                            + ")"));
            return null;
        }
    }
}
