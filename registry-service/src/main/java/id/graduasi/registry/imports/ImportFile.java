package id.graduasi.registry.imports;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

/**
 * A bulk-import CSV file, read as a stream of households: one row per member, the rows of one KK together,
 * household columns repeated on each of its rows. UTF-8, comma-separated, first line the column names.
 */
public final class ImportFile implements AutoCloseable {

    /** The columns, in the documented order (any order is accepted; all must be present). */
    public static final List<String> COLUMNS = List.of("kk_number", "village_code", "address", "welfare_category",
            "dtsen_decile", "nik", "name", "sex", "birth_date", "relationship", "education_level", "school_enrolled",
            "occupation", "disability", "pregnant");

    /**
     * A row with its line number: the header is line 1 and each record one line (blank lines are skipped and
     * not counted; a quoted field with a line break does not shift the count).
     */
    public record Row(long line, Map<String, String> values) {

        public String get(String column) {
            String value = values.get(column);
            return value == null || value.isBlank() ? null : value.strip();
        }
    }

    /** The rows of one KK. */
    public record Household(String kkNumber, List<Row> rows) {
    }

    /** The file as a whole cannot be read as an import (wrong columns, not CSV). */
    public static class FormatException extends RuntimeException {
        public FormatException(String message) {
            super(message);
        }
    }

    /** A KK lists at most this many people (as the REST API accepts). */
    public static final int MAX_MEMBERS = 30;

    private final MappingIterator<Map<String, String>> rows;
    private long line = 1;
    private Row pending;

    private ImportFile(MappingIterator<Map<String, String>> rows) {
        this.rows = rows;
    }

    public static ImportFile open(Path file) {
        try {
            BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            // Blank lines are skipped; a row with surplus columns (an unquoted comma) keeps its first ones and is
            // then refused by the row checks, instead of stopping the whole file.
            MappingIterator<Map<String, String>> iterator = new CsvMapper()
                    .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .enable(CsvParser.Feature.IGNORE_TRAILING_UNMAPPABLE)
                    .readerForMapOf(String.class)
                    .with(CsvSchema.emptySchema().withHeader())
                    .readValues(reader);
            List<String> header = new ArrayList<>();
            ((CsvSchema) iterator.getParserSchema()).forEach(column -> header.add(column.getName()));
            List<String> missing = COLUMNS.stream().filter(c -> !header.contains(c)).toList();
            if (!missing.isEmpty()) {
                iterator.close();
                throw new FormatException("the header lacks the columns " + missing + "; expected " + COLUMNS);
            }
            return new ImportFile(iterator);
        } catch (IOException e) {
            throw new FormatException("the file cannot be read as CSV: " + e.getMessage());
        }
    }

    /**
     * The regencies ({@code 64.72}) of the file's village codes, sorted, for who may read its job. Codes that are
     * not of the form {@code NN.NN...} name no region (their rows are refused).
     */
    public static java.util.SortedSet<String> regions(Path file) {
        java.util.SortedSet<String> regions = new java.util.TreeSet<>();
        try (ImportFile households = open(file)) {
            for (Household h = households.next(); h != null; h = households.next()) {
                for (Row row : h.rows()) {
                    String village = row.get("village_code");
                    if (village != null && village.strip().matches("\\d{2}\\.\\d{2}(\\..*)?")) {
                        regions.add(village.strip().substring(0, 5));
                    }
                }
            }
        }
        return regions;
    }

    /** Counts the data rows (not the header), for progress. */
    public static long countRows(Path file) {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            return Math.max(0, lines.filter(l -> !l.isBlank()).count() - 1);
        } catch (IOException | UncheckedIOException e) {
            throw new FormatException("the file is not UTF-8 text");
        }
    }

    /**
     * @return the next KK's rows, or null at the end of the file. A row without a KK number is a group of its
     *         own (to be refused); a KK with more than {@link #MAX_MEMBERS} rows keeps its first ones plus one
     *         more (so it is refused) and the rest are skipped, so no group can grow with the file.
     */
    public Household next() {
        Row first = pending != null ? pending : read();
        pending = null;
        if (first == null) {
            return null;
        }
        List<Row> group = new ArrayList<>();
        group.add(first);
        String kk = first.get("kk_number");
        if (kk == null) {
            return new Household(null, group);
        }
        for (Row row = read(); row != null; row = read()) {
            if (!kk.equals(row.get("kk_number"))) {
                pending = row;
                break;
            }
            if (group.size() <= MAX_MEMBERS) {
                group.add(row);
            }
        }
        return new Household(kk, group);
    }

    private Row read() {
        try {
            if (!rows.hasNextValue()) {
                return null;
            }
            return new Row(++line, rows.nextValue());
        } catch (IOException e) {
            throw new FormatException("line " + (line + 1) + " is not valid CSV: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (IOException ignored) {
            // nothing left to read
        }
    }
}
