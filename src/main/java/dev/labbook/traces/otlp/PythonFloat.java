package dev.labbook.traces.otlp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * CPython's {@code repr(float)} for finite doubles: the shortest digit string that reads back as
 * the same double (the nearest such string when several have that length), written in fixed
 * notation when the decimal exponent is in [-4, 16) and in scientific notation otherwise.
 *
 * <p>Java's {@link Double#toString(double)} (since JDK 19) picks digits by the same rule with one
 * exception: when a single digit would do, it still uses two (4.9E-324 where Python has 5e-324).
 * That case is redone here; every other double takes Java's digits as they are.
 */
final class PythonFloat {
    private PythonFloat() {}

    static String repr(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite double: " + d);
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0.0" : "0.0";
        }
        double abs = Math.abs(d);
        BigDecimal shortest = new BigDecimal(Double.toString(abs)).stripTrailingZeros();
        if (shortest.precision() == 2) {
            BigDecimal one = oneDigit(abs);
            if (one != null) {
                shortest = one;
            }
        }
        String digits = shortest.unscaledValue().toString();
        int exponent = digits.length() - 1 - shortest.scale();
        return (d < 0 ? "-" : "") + format(digits, exponent);
    }

    /** The one-digit decimal nearest {@code x} that reads back as {@code x}, or null if none does. */
    private static BigDecimal oneDigit(double x) {
        BigDecimal exact = new BigDecimal(x);
        BigDecimal down = exact.round(new MathContext(1, RoundingMode.DOWN));
        BigDecimal up = exact.round(new MathContext(1, RoundingMode.UP));
        // Parsing the text rather than BigDecimal.doubleValue(): the parser is correctly rounded
        // on every JDK, which is what "reads back as x" has to mean.
        boolean downOk = Double.parseDouble(down.toString()) == x;
        boolean upOk = Double.parseDouble(up.toString()) == x;
        if (downOk && upOk) {
            int cmp = exact.subtract(down).compareTo(up.subtract(exact));
            if (cmp != 0) {
                return cmp < 0 ? down : up;
            }
            // Equidistant: round half to even, as correctly rounded digit generation does.
            return down.unscaledValue().testBit(0) ? up : down;
        }
        return downOk ? down : upOk ? up : null;
    }

    /** Places the point as CPython's float_repr_style "short" does. */
    private static String format(String digits, int exponent) {
        int n = digits.length();
        StringBuilder out = new StringBuilder(24);
        if (exponent < -4 || exponent >= 16) {
            out.append(digits.charAt(0));
            if (n > 1) {
                out.append('.').append(digits, 1, n);
            }
            out.append('e').append(exponent < 0 ? '-' : '+');
            int abs = Math.abs(exponent);
            if (abs < 10) {
                out.append('0');
            }
            return out.append(abs).toString();
        }
        if (exponent < 0) {
            out.append("0.");
            out.append("0".repeat(-exponent - 1));
            return out.append(digits).toString();
        }
        if (exponent >= n - 1) {
            out.append(digits).append("0".repeat(exponent - (n - 1)));
            return out.append(".0").toString();
        }
        return out.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1, n).toString();
    }
}
