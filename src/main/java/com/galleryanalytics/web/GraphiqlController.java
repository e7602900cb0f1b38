package com.galleryanalytics.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.demo.DemoData;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * GraphiQL at {@code /graphiql}, served entirely by this application (Spring Boot's own page loads
 * its scripts from a CDN and stays blank offline). The page opens with an example query over the
 * demo gallery and, when {@code gallery.graphiql.default-key} is set (the demo profile sets the
 * demo analytics key), an {@code Authorization} header that lets it run as is.
 */
@Controller
public class GraphiqlController {
    static final String CONFIG_PLACEHOLDER = "@GRAPHIQL_CONFIG@";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ConfiguredPage template = new ConfiguredPage("templates/graphiql.html", CONFIG_PLACEHOLDER);
    private final String defaultKey;
    private final String graphqlPath;
    private final Clock clock = Clock.systemUTC();

    public GraphiqlController(@Value("${gallery.graphiql.default-key:}") String defaultKey,
            @Value("${spring.graphql.http.path:/graphql}") String graphqlPath) {
        this.defaultKey = defaultKey.strip();
        this.graphqlPath = graphqlPath;
    }

    @GetMapping(path = "/graphiql", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> page(HttpServletRequest request) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("endpoint", request.getContextPath() + graphqlPath);
        config.put("query", exampleQuery(LocalDate.now(clock)));
        config.put("headers", headers());
        return template.render(config, Map.of());
    }

    private String headers() {
        String key = defaultKey.isEmpty() ? "<your analytics key>" : defaultKey;
        try {
            return "{\n  \"Authorization\": " + JSON.writeValueAsString("Bearer " + key) + "\n}";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The Demo Gallery from the first of the month six months ago to today. That covers the demo
     * data (its events span {@value DemoData#DAYS} days up to the day before it was loaded) with
     * room to spare for a data folder that was loaded some weeks ago.
     */
    static String exampleQuery(LocalDate today) {
        LocalDate from = today.minusMonths(6).withDayOfMonth(1);
        return """
                # Demo Gallery of the demo account, month by month, in Israel time.
                # Sent with the Authorization header below (Headers tab).
                # Run it with the play button or Ctrl-Enter; Docs lists every field.
                query DemoGallery {
                  category(id: "%s") {
                    id
                    name
                    parent { id name }
                    subCategoriesCount
                    subCategories { id name subCategoriesCount }
                    createdAt
                    updatedAt
                    analytics(filter: {
                      from: "%s", to: "%s", timeZone: "Asia/Jerusalem"
                    }) {
                      highlights {
                        playerImpressions
                        plays
                        playedEntries
                        uniqueViewers
                        minutesViewed
                        avgDropOffRate
                        avgCompletionRate
                        playImpressionRatio
                        contributors
                      }
                      performance(granularity: MONTH) {
                        date
                        metrics {
                          playerImpressions plays uniqueViewers
                          minutesViewed avgCompletionRate
                        }
                      }
                    }
                  }
                }
                """.formatted(DemoData.GALLERY_ID, from, today);
    }
}
