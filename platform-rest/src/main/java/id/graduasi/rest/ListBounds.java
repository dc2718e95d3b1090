package id.graduasi.rest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every list query is bounded (issue #15). Lists a caller may page through take a {@code limit} and a cursor;
 * the others — a household's history, a case's goals, a household's entitlements: short by nature, but growing
 * without end in principle — read at most {@link #MAX_ROWS} rows, the newest, and answer them in the order the
 * operation documents.
 */
public final class ListBounds {

    /** The most rows a list that is not paged reads and answers. */
    public static final int MAX_ROWS = 1000;

    /** What an operation's description says of such a list. */
    public static final String AT_MOST = "At most 1,000 (the newest).";

    private ListBounds() {
    }

    /** Rows read newest first, answered oldest first. */
    public static <T> List<T> oldestFirst(List<T> newestFirst) {
        List<T> rows = new ArrayList<>(newestFirst);
        Collections.reverse(rows);
        return rows;
    }
}
