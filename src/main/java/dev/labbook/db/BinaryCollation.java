package dev.labbook.db;

import java.util.Comparator;

/**
 * The order of the schema's utf8mb4_nopad_bin collation, for sorting in Java what MariaDB would
 * have sorted: by code point (as the UTF-8 bytes compare), trailing spaces significant.
 */
public final class BinaryCollation {
    public static final Comparator<String> ORDER = BinaryCollation::compare;

    private BinaryCollation() {}

    static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return codePointRank(x) - codePointRank(y);
            }
        }
        return a.length() - b.length();
    }

    /**
     * UTF-16 units already compare in code point order, except that surrogates (code points above
     * U+FFFF) are below U+E000..U+FFFF: move them above.
     */
    private static int codePointRank(char c) {
        if (c < Character.MIN_SURROGATE) {
            return c;
        }
        return Character.isSurrogate(c) ? c + 0x2000 : c - 0x800;
    }
}
