package com.galleryanalytics.clickhouse;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.net.URIBuilder;
import org.springframework.stereotype.Component;

/**
 * A SELECT that reads a table sent along with it: ClickHouse's "external data" of the HTTP
 * interface (a multipart request whose file part is the table), which the official Java client
 * does not offer. It has no size limit of its own, where a query parameter is one form field of at
 * most 128 KiB ({@code http_max_field_value_size}), and ClickHouse reads it as a table, through the
 * primary key of whatever it is joined or matched with. Runs as the writer user; the result is one
 * String column, read as RowBinary.
 */
@Component
public class ExternalTableQuery implements AutoCloseable {
    private final ClickHouseEndpoint endpoint;
    private final CloseableHttpClient http;

    /**
     * A table for one statement.
     *
     * @param name         its name in the statement
     * @param structure    its columns, e.g. {@code event_id String}
     * @param tabSeparated its rows as TabSeparated text (escaped), {@code length} bytes of it
     */
    public record Table(String name, String structure, byte[] tabSeparated, int length) {}

    public ExternalTableQuery(ClickHouseEndpoint endpoint, ClickHouseProperties props) {
        this.endpoint = endpoint;
        this.http = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(props.maxPoolSize()).setMaxConnPerRoute(props.maxPoolSize())
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(3, TimeUnit.SECONDS)
                                .setSocketTimeout(60, TimeUnit.SECONDS).build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(60, TimeUnit.SECONDS).build())
                .disableAutomaticRetries()
                .build();
    }

    /**
     * The values of the statement's one String column.
     *
     * @param params server-side parameters of the statement ({@code {name:Type}} in it)
     */
    public List<String> strings(String sql, Map<String, String> params, Table table) throws SQLException {
        try {
            URIBuilder uri = new URIBuilder(endpoint.httpUrl() + "/")
                    .addParameter("database", endpoint.database())
                    .addParameter("default_format", "RowBinary")
                    .addParameter(table.name() + "_structure", table.structure())
                    .addParameter(table.name() + "_format", "TabSeparated");
            params.forEach((k, v) -> uri.addParameter("param_" + k, v));
            HttpPost post = new HttpPost(uri.build());
            post.setHeader("X-ClickHouse-User", endpoint.writer().user());
            post.setHeader("X-ClickHouse-Key", endpoint.writer().password());
            post.setEntity(MultipartEntityBuilder.create()
                    .addTextBody("query", sql, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                    .addBinaryBody(table.name(), java.util.Arrays.copyOf(table.tabSeparated(), table.length()),
                            ContentType.APPLICATION_OCTET_STREAM, table.name())
                    .build());
            return http.execute(post, response -> {
                try (InputStream in = response.getEntity().getContent()) {
                    if (response.getCode() != 200) {
                        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        throw new IOException(new SQLException("ClickHouse answered " + response.getCode() + ": " + body.strip(),
                                null, errorCode(response.getFirstHeader("X-ClickHouse-Exception-Code"))));
                    }
                    return readStrings(in);
                }
            });
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(e);
        } catch (IOException e) {
            if (e.getCause() instanceof SQLException refused) {
                throw refused;
            }
            throw new SQLException("ClickHouse at " + endpoint.httpUrl() + " could not be asked: " + e.getMessage(), e);
        }
    }

    private static int errorCode(org.apache.hc.core5.http.Header header) {
        try {
            return header == null ? 0 : Integer.parseInt(header.getValue().trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** RowBinary of one String column: each value a LEB128 length and its bytes. */
    private static List<String> readStrings(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(stream, 1 << 16));
        List<String> out = new ArrayList<>();
        int first;
        while ((first = in.read()) >= 0) {
            long length = first & 0x7F;
            int shift = 7;
            for (int b = first; (b & 0x80) != 0; shift += 7) {
                b = in.read();
                if (b < 0) {
                    throw new EOFException();
                }
                length |= (long) (b & 0x7F) << shift;
            }
            byte[] bytes = new byte[(int) length];
            in.readFully(bytes);
            out.add(new String(bytes, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
