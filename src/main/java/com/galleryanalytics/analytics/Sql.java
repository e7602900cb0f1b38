package com.galleryanalytics.analytics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * SQL text with its values in order, kept apart while the statement is built: the read path
 * ({@link com.galleryanalytics.clickhouse.ClickHouseReads}) has jOOQ render them as escaped literals.
 */
final class Sql {
    private final StringBuilder text = new StringBuilder();
    private final List<Object> binds = new ArrayList<>();

    Sql append(String sql, Object... values) {
        text.append(sql);
        Collections.addAll(binds, values);
        return this;
    }

    Sql append(Sql other) {
        text.append(other.text);
        binds.addAll(other.binds);
        return this;
    }

    /** {@code (?, ?, ?)} for the values. */
    Sql list(Collection<?> values) {
        text.append('(').append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(')');
        binds.addAll(values);
        return this;
    }

    /** {@code [?, ?, ?]} for the values. */
    Sql array(Collection<?> values) {
        text.append('[').append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(']');
        binds.addAll(values);
        return this;
    }

    /** About the length of the statement with its values filled in (as the driver sends it). */
    int filledLength() {
        int n = text.length();
        for (Object b : binds) {
            n += String.valueOf(b).length() + 2;
        }
        return n;
    }

    String text() {
        return text.toString();
    }

    Object[] binds() {
        return binds.toArray();
    }

    @Override
    public String toString() {
        return text + " " + binds;
    }
}
