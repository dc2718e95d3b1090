package id.graduasi.registry.domain;

import java.text.Normalizer;
import java.util.Locale;

/** Names as written by different officers: compared without case, accents, punctuation or extra spaces. */
public final class PersonName {

    private PersonName() {
    }

    public static String normalize(String name) {
        String plain = Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z ]", " ").replaceAll("\\s+", " ").strip();
    }

    /** Same normalized name, or at most two edits apart for names long enough that two edits are a typo. */
    public static boolean similar(String a, String b) {
        String x = normalize(a);
        String y = normalize(b);
        if (x.equals(y)) {
            return true;
        }
        return Math.min(x.length(), y.length()) >= 8 && distance(x, y) <= 2;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
