package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.InvalidFilterException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A Relay connection over one page of an offset-paged table. Cursors are opaque (the row's
 * position), so any depth can be reached and paging with a stable sort never skips or repeats.
 */
public record Connection<T>(List<Edge<T>> edges, PageInfo pageInfo, long totalCount) {
    /** Largest page a client may ask for. */
    public static final int MAX_FIRST = 1000;
    /** Deepest row position a cursor may name (no table comes near it). */
    static final long MAX_POSITION = 1L << 53;

    public record Edge<T>(T node, String cursor) {}

    public record PageInfo(boolean hasNextPage, boolean hasPreviousPage, String startCursor, String endCursor) {}

    public static <T> Connection<T> of(List<T> nodes, long offset, long totalCount) {
        List<Edge<T>> edges = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            edges.add(new Edge<>(nodes.get(i), cursor(offset + i)));
        }
        String start = edges.isEmpty() ? null : edges.get(0).cursor();
        String end = edges.isEmpty() ? null : edges.get(edges.size() - 1).cursor();
        return new Connection<>(edges, new PageInfo(offset + nodes.size() < totalCount, offset > 0, start, end), totalCount);
    }

    static String cursor(long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("row:" + position).getBytes(StandardCharsets.UTF_8));
    }

    /** Offset of the row after {@code after}; 0 without a cursor. */
    public static long offsetAfter(String after) {
        if (after == null || after.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(after), StandardCharsets.UTF_8);
            if (decoded.startsWith("row:")) {
                long position = Long.parseLong(decoded.substring(4));
                // beyond MAX_POSITION, offset + first would overflow into a negative SQL OFFSET
                if (position >= 0 && position < MAX_POSITION) {
                    return position + 1;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw new InvalidFilterException("'after' is not a cursor of this table: pass an edge's cursor as it was returned.");
    }

    public static int checkFirst(Integer first) {
        if (first == null || first < 1 || first > MAX_FIRST) {
            throw new InvalidFilterException("'first' must be between 1 and " + MAX_FIRST + " (got " + first + ").");
        }
        return first;
    }
}
