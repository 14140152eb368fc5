package dev.labbook.issues;

import dev.labbook.http.MlflowException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The issue search filter: comparisons of {@code status} or {@code source_run_id} with {@code =} or
 * {@code !=} against a quoted string, joined with AND, e.g. {@code status = 'pending' AND source_run_id != 'r1'}.
 */
final class IssueFilter {
    record Clause(String key, boolean equal, String value) {}

    private static final Set<String> KEYS = Set.of("status", "source_run_id");

    private IssueFilter() {}

    static List<Clause> parse(String filter) {
        List<Clause> clauses = new ArrayList<>();
        if (filter == null || filter.isBlank()) {
            return clauses;
        }
        int i = 0;
        int n = filter.length();
        while (true) {
            i = skipSpaces(filter, i);
            int start = i;
            String key;
            if (i < n && (filter.charAt(i) == '`' || filter.charAt(i) == '"')) {
                int close = filter.indexOf(filter.charAt(i), i + 1);
                if (close < 0) {
                    throw invalid(filter.substring(start));
                }
                key = filter.substring(i + 1, close).strip();
                i = close + 1;
            } else {
                while (i < n && (Character.isLetterOrDigit(filter.charAt(i)) || filter.charAt(i) == '_' || filter.charAt(i) == '.')) {
                    i++;
                }
                key = filter.substring(start, i);
            }
            if (key.isEmpty()) {
                throw invalid(filter.substring(start));
            }
            i = skipSpaces(filter, i);
            int opStart = i;
            while (i < n && "=!<>~".indexOf(filter.charAt(i)) >= 0) {
                i++;
            }
            String op = filter.substring(opStart, i);
            if (op.isEmpty()) {
                int word = i;
                while (i < n && Character.isLetter(filter.charAt(i))) {
                    i++;
                }
                op = filter.substring(word, i).toUpperCase(Locale.ROOT);
            }
            if (!KEYS.contains(key)) {
                throw MlflowException.invalidParameter("Invalid filter field '" + key
                        + "'. Supported fields: {'status', 'source_run_id'}");
            }
            if (!op.equals("=") && !op.equals("!=")) {
                throw MlflowException.invalidParameter("Invalid comparator '" + op
                        + "'. Supported comparators: {'=', '!='}");
            }
            i = skipSpaces(filter, i);
            if (i >= n || (filter.charAt(i) != '\'' && filter.charAt(i) != '"')) {
                throw invalid(filter.substring(start));
            }
            char quote = filter.charAt(i);
            int close = filter.indexOf(quote, i + 1);
            if (close < 0) {
                throw invalid(filter.substring(start));
            }
            clauses.add(new Clause(key, op.equals("="), filter.substring(i + 1, close).strip()));
            i = skipSpaces(filter, close + 1);
            if (i >= n) {
                return clauses;
            }
            if (!filter.regionMatches(true, i, "AND", 0, 3) || i + 3 >= n || !Character.isWhitespace(filter.charAt(i + 3))) {
                throw invalid(filter.substring(i));
            }
            i += 3;
        }
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static MlflowException invalid(String clause) {
        return MlflowException.invalidParameter("Invalid clause(s) in filter string: " + clause.strip());
    }
}
