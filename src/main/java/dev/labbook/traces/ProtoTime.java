package dev.labbook.traces;

import dev.labbook.http.MlflowException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * google.protobuf.Timestamp and Duration in their JSON form, which trace infos and assessments use
 * for their times: "2026-12-07T23:17:25.101Z" and "0.033s". Labbook keeps milliseconds, as MLflow's
 * store does, and writes 0, 3, 6 or 9 fractional digits as protobuf's formatter does.
 */
public final class ProtoTime {
    private static final Pattern DURATION = Pattern.compile("(-)?(\\d+)(?:\\.(\\d{1,9}))?s");
    /** google.protobuf.Timestamp's range, 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999Z, in milliseconds. */
    static final long MIN_TIMESTAMP_MS = -62_135_596_800_000L;
    static final long MAX_TIMESTAMP_MS = 253_402_300_799_999L;
    /** google.protobuf.Duration's range: 10000 years either way. */
    private static final long MAX_DURATION_SECONDS = 315_576_000_000L;

    private ProtoTime() {}

    public static String timestamp(long epochMillis) {
        Instant instant = Instant.ofEpochMilli(epochMillis);
        String text = instant.toString(); // ISO-8601 with as many fraction digits as needed
        long millis = Math.floorMod(epochMillis, 1000L);
        String whole = text.substring(0, 19);
        return millis == 0 ? whole + "Z" : whole + "." + String.format("%03d", millis) + "Z";
    }

    public static String duration(long millis) {
        long seconds = millis / 1000;
        long fraction = Math.abs(millis % 1000);
        String sign = millis < 0 && seconds == 0 ? "-" : "";
        return fraction == 0 ? sign + seconds + "s" : sign + seconds + "." + String.format("%03d", fraction) + "s";
    }

    /** A Timestamp field as protobuf's JSON parser accepts it (RFC 3339 with any offset), in milliseconds. */
    public static long parseTimestamp(String field, String text) {
        long millis;
        try {
            millis = java.time.OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            millis = Long.MIN_VALUE;
        }
        if (millis < MIN_TIMESTAMP_MS || millis > MAX_TIMESTAMP_MS) {
            throw MlflowException.invalidParameter("Failed to parse " + field + " field: Invalid timestamp value '"
                    + text + "'.");
        }
        return millis;
    }

    /** Milliseconds that a Timestamp can hold (years 1 to 9999), or 400: anything else could not be answered. */
    public static long requireTimestampMillis(String field, long millis) {
        if (millis < MIN_TIMESTAMP_MS || millis > MAX_TIMESTAMP_MS) {
            throw MlflowException.invalidParameter("Invalid value " + millis + " for parameter '" + field
                    + "' supplied: it must be a time from year 1 to 9999.");
        }
        return millis;
    }

    /** A Duration field ("1.5s"), in milliseconds (finer digits are dropped, as Duration.ToMilliseconds does). */
    public static long parseDuration(String field, String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw MlflowException.invalidParameter("Failed to parse " + field + " field: Invalid duration value '"
                    + text + "'.");
        }
        long seconds;
        try {
            seconds = Long.parseLong(m.group(2));
        } catch (NumberFormatException e) {
            seconds = Long.MAX_VALUE;
        }
        if (seconds > MAX_DURATION_SECONDS) {
            throw MlflowException.invalidParameter("Failed to parse " + field + " field: Duration out of range.");
        }
        String digits = m.group(3) == null ? "" : m.group(3);
        long millis = digits.isEmpty() ? 0 : Long.parseLong((digits + "00").substring(0, 3));
        try {
            long total = Math.addExact(Math.multiplyExact(seconds, 1000L), millis);
            return m.group(1) != null ? -total : total;
        } catch (ArithmeticException e) {
            throw MlflowException.invalidParameter("Failed to parse " + field + " field: Duration out of range.");
        }
    }
}
