package com.galleryanalytics.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.support.IntegrationTest;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * "Revocation applies at once on this instance": the periodic reload of the key table must not
 * undo a revocation (or creation) made while it was reading. The reload thread of a separate
 * {@link ApiKeys} on the real ClickHouse is held right after it has read the table (when it
 * closes its connection); meanwhile a key is revoked; then the reload goes on. The revoked key
 * must stay refused. Partner it-18.
 */
class ApiKeysReloadRaceTest extends IntegrationTest {
    @Autowired
    DataSource dataSource;

    /** The real pool; the reload thread's connection close waits for the test when armed. */
    static final class HoldingDataSource implements DataSource {
        final DataSource real;
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch reloadHasRead = new CountDownLatch(1);
        final CountDownLatch goOn = new CountDownLatch(1);

        HoldingDataSource(DataSource real) {
            this.real = real;
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = real.getConnection();
            if (!Thread.currentThread().getName().equals("api-key-refresh")) {
                return c;
            }
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().equals("close") && armed.compareAndSet(true, false)) {
                            reloadHasRead.countDown();
                            goOn.await(30, TimeUnit.SECONDS);
                        }
                        try {
                            return method.invoke(c, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return real.getConnection(username, password);
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return real.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            real.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            real.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return real.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            return real.unwrap(iface);
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) throws SQLException {
            return real.isWrapperFor(iface);
        }
    }

    @Test
    void aReloadThatReadTheTableBeforeARevocationOrCreationDoesNotUndoIt() throws Exception {
        // two instances, each with its first reload about 5 s after it starts
        HoldingDataSource first = new HoldingDataSource(dataSource);
        HoldingDataSource second = new HoldingDataSource(dataSource);
        ApiKeys keys = new ApiKeys(new ApiKeyProperties(List.of()), first);
        ApiKeys other = new ApiKeys(new ApiKeyProperties(List.of()), second);
        try {
            ApiKeys.CreatedKey key = keys.create("it-18", Role.ANALYTICS, "reload race");
            assertThat(keys.find(key.key())).isPresent();
            first.armed.set(true);
            second.armed.set(true);

            // 1. the reload read the table with the key valid, then the key is revoked
            assertThat(first.reloadHasRead.await(15, TimeUnit.SECONDS)).as("a reload within 15 s").isTrue();
            assertThat(keys.revoke("it-18", key.keyId())).isTrue();
            assertThat(keys.find(key.key())).as("refused at once").isEmpty();
            first.goOn.countDown();

            // 2. the reload read the table, then a key is created
            assertThat(second.reloadHasRead.await(15, TimeUnit.SECONDS)).as("a reload within 15 s").isTrue();
            ApiKeys.CreatedKey fresh = other.create("it-18", Role.ANALYTICS, "created during a reload");
            second.goOn.countDown();

            Thread.sleep(500); // both held reloads finish
            assertThat(keys.find(key.key())).as("the revoked key after the overlapping reload").isEmpty();
            assertThat(other.find(fresh.key())).as("the new key after the overlapping reload").isPresent();
            other.revoke("it-18", fresh.keyId());
        } finally {
            first.goOn.countDown();
            second.goOn.countDown();
            keys.destroy();
            other.destroy();
        }
    }
}
