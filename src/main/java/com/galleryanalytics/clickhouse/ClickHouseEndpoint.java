package com.galleryanalytics.clickhouse;

/**
 * A reachable ClickHouse server: its HTTP address and credentials.
 *
 * @param host     host name or address
 * @param httpPort HTTP port
 * @param user     user
 * @param password password
 * @param database database
 * @param origin   how it was found, for the log ("configured", "owned process at ...")
 */
public record ClickHouseEndpoint(String host, int httpPort, String user, String password, String database, String origin) {

    /** JDBC URL for the legacy driver; {@code compress=false} because 18.16's HTTP compression is broken. */
    public String jdbcUrl() {
        return "jdbc:clickhouse://" + host + ":" + httpPort + "/" + database + "?compress=false";
    }

    public String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    /** Parses {@code http://host:port[/db]} or {@code jdbc:clickhouse://host:port[/db]}. */
    static ClickHouseEndpoint parse(String url, String user, String password, String database) {
        String rest = url.trim();
        rest = rest.replaceFirst("^jdbc:clickhouse:", "").replaceFirst("^(https?:)?//", "");
        int query = rest.indexOf('?');
        if (query >= 0) {
            rest = rest.substring(0, query);
        }
        String db = database;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            String path = rest.substring(slash + 1);
            if (!path.isBlank()) {
                db = path;
            }
            rest = rest.substring(0, slash);
        }
        int colon = rest.lastIndexOf(':');
        if (colon < 0) {
            return new ClickHouseEndpoint(rest, 8123, user, password, db, "configured at " + url);
        }
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            return new ClickHouseEndpoint(rest.substring(0, colon), port, user, password, db, "configured at " + url);
        } catch (NumberFormatException e) {
            throw new ClickHouseStartupException("gallery.clickhouse.url '" + url + "' has no valid port",
                    "Set gallery.clickhouse.url (or CLICKHOUSE_URL) to an address like http://127.0.0.1:8123");
        }
    }
}
