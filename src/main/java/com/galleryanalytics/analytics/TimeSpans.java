package com.galleryanalytics.analytics;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A query's time range [start, end) cut into the pieces each rollup grain can answer exactly:
 * whole UTC months from the month grain, whole UTC days from the day grain, and the rest (the
 * edges at the time zone's local midnights) from the 15-minute buckets. A grain is only used when
 * each of its buckets falls inside one key of the query: grouping by day or month in a zone
 * other than UTC cuts UTC days, so such queries read 15-minute buckets only.
 */
record TimeSpans(List<Span> quarterHours, List<Span> days, List<Span> months) {

    /** A half-open range of instants [from, to). */
    record Span(Instant from, Instant to) {}

    static TimeSpans of(Instant start, Instant end, List<Dimension> grouping, ZoneId zone) {
        boolean utc = zone.normalized().equals(ZoneOffset.UTC);
        boolean byDay = grouping.contains(Dimension.DAY);
        boolean byMonth = grouping.contains(Dimension.MONTH);
        boolean daysAllowed = !(byDay || byMonth) || utc;
        boolean monthsAllowed = !byDay && (!byMonth || utc);
        TimeSpans spans = new TimeSpans(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        if (!start.isBefore(end)) {
            return spans;
        }
        Instant monthStart = monthsAllowed ? ceilMonth(start) : end;
        Instant monthEnd = monthsAllowed ? floorMonth(end) : start;
        if (monthStart.isBefore(monthEnd)) {
            spans.belowMonths(start, monthStart, daysAllowed);
            spans.months.add(new Span(monthStart, monthEnd));
            spans.belowMonths(monthEnd, end, daysAllowed);
        } else {
            spans.belowMonths(start, end, daysAllowed);
        }
        return spans;
    }

    private void belowMonths(Instant from, Instant to, boolean daysAllowed) {
        if (!from.isBefore(to)) {
            return;
        }
        Instant dayStart = daysAllowed ? ceilDay(from) : to;
        Instant dayEnd = daysAllowed ? floorDay(to) : from;
        if (dayStart.isBefore(dayEnd)) {
            addQuarterHours(from, dayStart);
            days.add(new Span(dayStart, dayEnd));
            addQuarterHours(dayEnd, to);
        } else {
            addQuarterHours(from, to);
        }
    }

    private void addQuarterHours(Instant from, Instant to) {
        if (from.isBefore(to)) {
            quarterHours.add(new Span(from, to));
        }
    }

    private static Instant floorDay(Instant t) {
        return t.truncatedTo(ChronoUnit.DAYS);
    }

    private static Instant ceilDay(Instant t) {
        Instant f = floorDay(t);
        return f.equals(t) ? t : f.plus(1, ChronoUnit.DAYS);
    }

    private static Instant floorMonth(Instant t) {
        LocalDate d = t.atZone(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1);
        return d.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static Instant ceilMonth(Instant t) {
        Instant f = floorMonth(t);
        return f.equals(t) ? t : ZonedDateTime.ofInstant(f, ZoneOffset.UTC).plusMonths(1).toInstant();
    }
}
