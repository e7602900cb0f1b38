package com.galleryanalytics.bench;

import com.galleryanalytics.generator.ClickHouseHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One dashboard's statements sent straight to ClickHouse over HTTP, wave after wave, the
 * statements of a wave concurrently, through at most as many connections as the service's pool
 * has (shared by all clients, as the pool is). The same statements as the service: no GraphQL,
 * no JDBC driver, no result parsing.
 */
final class Replay implements LoadRunner.Request {
    private final ClickHouseHttp clickHouse;
    private final List<List<String>> waves = new ArrayList<>();
    private final Semaphore connections;

    Replay(ClickHouseHttp clickHouse, List<Statements.Statement> statements, Semaphore connections) {
        this.clickHouse = clickHouse;
        this.connections = connections;
        for (int w = 0; w < Statements.WAVES; w++) {
            List<String> wave = new ArrayList<>();
            for (Statements.Statement s : statements) {
                if (s.wave() == w) {
                    wave.add(s.sql());
                }
            }
            if (!wave.isEmpty()) {
                waves.add(wave);
            }
        }
    }

    int statements() {
        return waves.stream().mapToInt(List::size).sum();
    }

    @Override
    public void run() throws Exception {
        AtomicReference<Exception> failure = new AtomicReference<>();
        for (List<String> wave : waves) {
            List<Thread> threads = new ArrayList<>(wave.size());
            for (String sql : wave) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        connections.acquire();
                        try {
                            clickHouse.queryDiscard(sql);
                        } finally {
                            connections.release();
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            if (failure.get() != null) {
                throw failure.get();
            }
        }
    }
}
