package org.wrmf.data;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * The time of a like, in whole seconds since 1970-01-01T00:00Z (epoch seconds). Read from epoch seconds
 * ({@code 881250949}; a fraction is dropped: {@code 881250949.7} is second 881250949), an ISO date
 * ({@code 2024-03-01}, midnight UTC) or an ISO date-time ({@code 2024-03-01T12:30:00}, UTC when it has no
 * offset; {@code 2024-03-01T12:30:00+02:00}, {@code ...Z}; a space may stand for the T). Anything else is
 * not a time: its row is set aside with the reason.
 */
public final class Timestamps {
    private static final Pattern EPOCH = Pattern.compile("[+-]?\\d{1,18}(\\.\\d*)?");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private Timestamps() {}

    /** The epoch seconds the text gives, or null when it gives none. */
    public static Long seconds(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        if (EPOCH.matcher(t).matches()) {
            int dot = t.indexOf('.');
            long whole = Long.parseLong(dot < 0 ? t : t.substring(0, dot));
            // a negative fraction lies before its whole second
            boolean fraction = dot >= 0 && t.substring(dot + 1).chars().anyMatch(c -> c != '0');
            return t.startsWith("-") && fraction ? whole - 1 : whole;
        }
        try {
            if (DATE.matcher(t).matches()) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            }
            String iso = t.length() > 10 && t.charAt(10) == ' ' ? t.substring(0, 10) + 'T' + t.substring(11) : t;
            if (iso.endsWith("Z") || iso.lastIndexOf('+') > 10 || iso.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(iso, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                        .toEpochSecond();
            }
            return LocalDateTime.parse(iso, DateTimeFormatter.ISO_LOCAL_DATE_TIME)
                    .toEpochSecond(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }

    /** The reason a row whose time cannot be read is set aside. */
    static String problem(String text) {
        return text == null || text.isBlank()
                ? "empty timestamp"
                : "bad timestamp: \"" + text + "\" (epoch seconds, or an ISO date or date-time)";
    }

    /**
     * The time of likes known to be older than any timed one but whose time is not kept (a delta refit's
     * earlier likes): the earliest instant there is.
     */
    public static final long BEFORE_ANY = java.time.Instant.MIN.getEpochSecond();

    /** The time as an ISO date-time in UTC, for logs and reports. */
    public static String iso(long seconds) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                java.time.Instant.ofEpochSecond(seconds).atOffset(ZoneOffset.UTC));
    }
}
