package com.galleryanalytics.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.galleryanalytics.support.IntegrationTest;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.graphql.test.tester.GraphQlTester;
import org.springframework.test.context.TestPropertySource;

/**
 * The demo profile's loader: the demo gallery answers through GraphQL, and a second run adds nothing.
 * The key list is given whole: Spring Boot binds a list from one property source only, so a lone
 * {@code gallery.keys[60]} here would not be added to the test profile's keys but refused as unbound.
 * This class has a context (and a ClickHouse) of its own anyway, because the loader is enabled.
 */
@TestPropertySource(properties = {
        "gallery.demo.enabled=true",
        "gallery.keys[0].key=it-demo-analytics",
        "gallery.keys[0].partner=demo",
        "gallery.keys[0].role=ANALYTICS"})
class DemoDataLoaderTest extends IntegrationTest {
    private static final String HIGHLIGHTS = """
            query DemoHighlights($id: ID!, $from: Date!, $to: Date!) {
              category(id: $id) {
                name
                subCategoriesCount
                analytics(filter: {from: $from, to: $to, timeZone: "UTC"}) {
                  highlights { playerImpressions plays uniqueViewers contributors }
                }
              }
            }
            """;

    @Autowired
    DemoDataLoader loader;

    @Test
    void theDemoGalleryHasPlaysAndViewersAndASecondLoadAddsNothing() throws Exception {
        GraphQlTester.Response first = highlights();
        first.path("category.name").entity(String.class).isEqualTo("Demo Gallery");
        first.path("category.subCategoriesCount").entity(Integer.class).isEqualTo(2);
        long plays = first.path("category.analytics.highlights.plays").entity(Long.class).get();
        // Every demo entry sits in the Demo Gallery's subtree: all the generated plays count.
        long generated = DemoData.generate(LocalDate.now(ZoneOffset.UTC).minusDays(1)).events().stream()
                .filter(e -> e.contains("\"type\":\"PLAY\"")).count();
        assertThat(plays).isEqualTo(generated).isPositive();
        assertThat(first.path("category.analytics.highlights.uniqueViewers").entity(Long.class).get())
                .isGreaterThanOrEqualTo(2);
        assertThat(first.path("category.analytics.highlights.playerImpressions").entity(Long.class).get())
                .isGreaterThan(plays);

        loader.run(new DefaultApplicationArguments());
        assertThat(loader.load().loaded()).isFalse();

        highlights().path("category.analytics.highlights.plays").entity(Long.class).isEqualTo(plays);
    }

    private GraphQlTester.Response highlights() {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        return graphQl("it-demo-analytics").document(HIGHLIGHTS)
                .variable("id", DemoData.GALLERY_ID)
                .variable("from", today.minusDays(DemoData.DAYS + 7).toString())
                .variable("to", today.plusDays(1).toString())
                .execute();
    }
}
