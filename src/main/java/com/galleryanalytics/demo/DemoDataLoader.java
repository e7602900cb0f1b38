package com.galleryanalytics.demo;

import com.galleryanalytics.catalog.CatalogRepository;
import com.galleryanalytics.ingest.EventIngestion;
import com.galleryanalytics.ingest.EventReader;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Loads the {@link DemoData demo account} for partner {@value #PARTNER_ID} at start-up, once: a
 * partner that already has categories is left alone. Entities go through the catalog repository
 * and events through {@link EventReader} and {@link EventIngestion}, exactly as the API stores
 * them, so the demo shows what real ingestion produces.
 */
@Component
@ConditionalOnProperty(name = "gallery.demo.enabled", havingValue = "true")
public class DemoDataLoader implements ApplicationRunner {
    /** The partner of the demo keys in application.properties. */
    public static final String PARTNER_ID = "demo";
    static final int BATCH_SIZE = 2_000;
    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final CatalogRepository catalog;
    private final EventReader reader;
    private final EventIngestion ingestion;
    private final Environment environment;
    private final Clock clock;

    public DemoDataLoader(CatalogRepository catalog, EventReader reader, EventIngestion ingestion, Environment environment) {
        this.catalog = catalog;
        this.reader = reader;
        this.ingestion = ingestion;
        this.environment = environment;
        this.clock = Clock.systemUTC();
    }

    /** What one run did. */
    public record Outcome(boolean loaded, int categories, int entries, int users, int events, int storedEvents) {}

    @Override
    public void run(ApplicationArguments args) throws SQLException {
        load();
    }

    public Outcome load() throws SQLException {
        int existing = catalog.categories(PARTNER_ID).size();
        if (existing > 0) {
            log.info("Demo data: partner '{}' already has {} categories, not loading it again. Explore it at {}",
                    PARTNER_ID, existing, graphiqlUrl());
            return new Outcome(false, 0, 0, 0, 0, 0);
        }
        LocalDate lastDay = LocalDate.now(clock).minusDays(1);
        DemoData data = DemoData.generate(lastDay);
        catalog.upsertUsers(PARTNER_ID, data.users());
        catalog.upsertEntries(PARTNER_ID, data.entries());
        int stored = 0;
        Instant now = clock.instant();
        for (int from = 0; from < data.events().size(); from += BATCH_SIZE) {
            String body = String.join("\n", data.events().subList(from, Math.min(data.events().size(), from + BATCH_SIZE)));
            EventReader.Batch batch = reader.read(body, now);
            if (!batch.rejections().isEmpty()) {
                throw new IllegalStateException("The demo data has events the API refuses: " + batch.rejections());
            }
            stored += ingestion.store(PARTNER_ID, batch.events()).stored();
        }
        // Categories last: they are what marks the demo as loaded, so a start-up interrupted
        // mid-way loads again next time (event ids keep the events it had stored from doubling).
        catalog.upsertCategories(PARTNER_ID, data.categories());
        log.info("Demo data: loaded {} categories, {} entries, {} users and {} events ({} stored) for partner '{}',"
                        + " {} to {}; the gallery is '{}' ({}). Explore it at {}",
                data.categories().size(), data.entries().size(), data.users().size(), data.events().size(), stored,
                PARTNER_ID, data.firstDay(), data.lastDay(), "Demo Gallery", DemoData.GALLERY_ID, graphiqlUrl());
        return new Outcome(true, data.categories().size(), data.entries().size(), data.users().size(),
                data.events().size(), stored);
    }

    private String graphiqlUrl() {
        String port = environment.getProperty("local.server.port", environment.getProperty("server.port", "8080"));
        String contextPath = environment.getProperty("server.servlet.context-path", "");
        return "http://localhost:" + port + contextPath + "/graphiql";
    }
}
