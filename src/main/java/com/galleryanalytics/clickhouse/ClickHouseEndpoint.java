package com.galleryanalytics.clickhouse;

/**
 * A reachable ClickHouse server: its HTTP address, database and the users the service writes and
 * reads as.
 *
 * @param host     host name or address
 * @param httpPort HTTP port
 * @param database database
 * @param writer   user of writes (ingest, catalog, migrations)
 * @param reader   user of analytics reads (read-only where the server has one)
 * @param origin   how it was found, for the log ("configured at ...", "embedded, data in ...")
 */
public record ClickHouseEndpoint(String host, int httpPort, String database, Credentials writer, Credentials reader,
        String origin) {

    /** A ClickHouse user and password. */
    public record Credentials(String user, String password) {
        @Override
        public String toString() {
            return user; // never the password
        }
    }

    /** JDBC URL of the official driver ({@code com.clickhouse:jdbc-v2}), over HTTP. */
    public String jdbcUrl() {
        return "jdbc:clickhouse://" + host + ":" + httpPort + "/" + database;
    }

    public String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    /** Parses {@code http://host:port[/db]} or {@code jdbc:clickhouse://host:port[/db]}. */
    static ClickHouseEndpoint parse(String url, String database, Credentials writer, Credentials reader) {
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
            return new ClickHouseEndpoint(rest, 8123, db, writer, reader, "configured at " + url);
        }
        try {
            int port = Integer.parseInt(rest.substring(colon + 1));
            return new ClickHouseEndpoint(rest.substring(0, colon), port, db, writer, reader, "configured at " + url);
        } catch (NumberFormatException e) {
            throw new ClickHouseStartupException("gallery.clickhouse.url '" + url + "' has no valid port",
                    "Set gallery.clickhouse.url (or CLICKHOUSE_URL) to an address like http://127.0.0.1:8123");
        }
    }
}
