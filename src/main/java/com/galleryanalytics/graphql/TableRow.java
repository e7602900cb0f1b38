package com.galleryanalytics.graphql;

import com.galleryanalytics.analytics.MetricValues;
import java.util.List;

/**
 * A row of any grouped table (countries, regions, cities, domains, URLs, viewers, entries,
 * devices, operating systems, browsers): its keys (parents first, its own value last), metrics,
 * and the view it belongs to (for its drill-downs). The accessors name the key for each row type.
 */
public record TableRow(List<String> keys, MetricValues metrics, AnalyticsView view) {
    public String key() {
        return keys.get(keys.size() - 1);
    }

    public String country() {
        return key();
    }

    public String region() {
        return key();
    }

    public String city() {
        return key();
    }

    public String domain() {
        return key();
    }

    public String url() {
        return key();
    }

    public String device() {
        return key();
    }

    public String entryId() {
        return key();
    }

    public String name() {
        return key();
    }
}
