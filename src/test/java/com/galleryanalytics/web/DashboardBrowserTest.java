package com.galleryanalytics.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.galleryanalytics.demo.DemoData;
import com.galleryanalytics.support.IntegrationTest;
import java.io.File;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.test.context.TestPropertySource;

/**
 * The dashboard in a real browser (Debian's chromium through chromedriver, headless) against the
 * whole service with the demo account loaded. Every number on the page is checked against the
 * API's answer to this test's own GraphQL query with the same filter, never against the page.
 */
@TestPropertySource(properties = {
        "gallery.demo.enabled=true",
        "gallery.dashboard.default-key=it-dashboard-analytics",
        "gallery.keys[0].key=it-dashboard-analytics",
        "gallery.keys[0].partner=demo",
        "gallery.keys[0].role=ANALYTICS"})
class DashboardBrowserTest extends IntegrationTest {
    private static final String KEY = "it-dashboard-analytics";
    /** The browser's own time zone (chromium follows TZ): the dashboard's default. */
    private static final String BROWSER_ZONE = "America/New_York";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_DASHBOARD = """
            query Check($id: ID!, $filter: AnalyticsFilter!) {
              category(id: $id) {
                name subCategoriesCount
                analytics(filter: $filter) {
                  highlights { playerImpressions plays uniqueViewers minutesViewed contributors playedEntries }
                  comparison { from to change { playerImpressions plays uniqueViewers minutesViewed contributors } }
                  pageViews { plays allPlays }
                  performance { date metrics { playerImpressions plays uniqueViewers minutesViewed previous { plays } } }
                  topVideos(first: 5) { edges { node { entryId score metrics { plays } } } }
                  viewers(first: 10) { totalCount edges { node { user { id name } metrics { plays minutesViewed } } } }
                  countries(first: 10) { totalCount edges { node { country name metrics { plays playsDistribution }
                    regions(first: 10) { totalCount edges { node { region metrics { plays } } } } } } }
                  devices { device metrics { plays } }
                  domains(first: 10) { edges { node { domain metrics { plays playerImpressions } } } }
                  insights { topDomain { domain share } topDevice { device share } topCountries { name } }
                }
              }
            }
            """;

    private static ChromeDriver driver;
    private static WebDriverWait wait;
    private static Path downloads;
    private static Path profile;

    @BeforeAll
    static void startBrowser() throws IOException {
        downloads = Files.createTempDirectory("dashboard-downloads");
        profile = Files.createTempDirectory("dashboard-chromium");
        // The installed driver and browser: Selenium Manager has nothing to look up or download.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver"))
                .usingAnyFreePort()
                .withEnvironment(Map.of("TZ", BROWSER_ZONE))
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--window-size=1400,1000", "--lang=en-US");
        options.setExperimentalOption("prefs", Map.of(
                "download.default_directory", downloads.toString(),
                "download.prompt_for_download", false));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        driver = new ChromeDriver(service, options);
        driver.executeCdpCommand("Browser.setDownloadBehavior",
                Map.of("behavior", "allow", "downloadPath", downloads.toString()));
        wait = new WebDriverWait(driver, TIMEOUT);
    }

    @AfterAll
    static void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        for (Path dir : new Path[] {downloads, profile}) {
            if (dir != null) {
                try (Stream<Path> files = Files.walk(dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    /** The browser console shows no error in any test. */
    @AfterEach
    void noConsoleErrors() {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                severe.add(entry.getMessage());
            }
        }
        assertThat(severe).as("browser console errors").isEmpty();
    }

    @Test
    void theDemoGallerysDashboardShowsTheApisNumbers() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(59);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + today + "&tz=UTC");
        String drawnFirst = body().getDomAttribute("data-drawn-ms");
        assertThat(drawnFirst).isNotBlank();
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + today + "&tz=UTC"); // once more, warm
        String drawn = body().getDomAttribute("data-drawn-ms");
        Object request = ((JavascriptExecutor) driver).executeScript("""
                const r = performance.getEntriesByType('resource').filter(e => e.name.endsWith('/graphql'))[0];
                return r ? Math.round(r.startTime) + ' ms → ' + Math.round(r.responseEnd) + ' ms' : 'none';""");
        JsonNode category = api(API_DASHBOARD, filter(from, today, "UTC", null)).get("category");
        assertThat(text("[data-testid=gallery-name]")).isEqualTo("Demo Gallery");
        assertThat(text("[data-testid=details] [data-testid=id]")).isEqualTo(DemoData.GALLERY_ID);
        assertThat(text("[data-testid=details] [data-testid=sub-categories]")).isEqualTo("2");
        assertThat(text("[data-testid=details] [data-testid=parent]")).isEqualTo("galleries");
        assertPanelsMatch(category.get("analytics"));

        // The same view with the previous period beside it (two lines in the chart): the screenshot.
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + today + "&tz=UTC&compare=previous");
        String drawnComparing = body().getDomAttribute("data-drawn-ms");
        System.out.println("Dashboard drawn " + drawn + " ms after navigation (headless Chromium, demo account, 60 days;"
                + " the first time in this browser: " + drawnFirst + " ms; its GraphQL request: " + request
                + "); with the previous period: " + drawnComparing + " ms");
        assertPanelsMatch(api(API_DASHBOARD, filter(from, today, "UTC", Map.of("type", "PREVIOUS_PERIOD")))
                .get("category").get("analytics"));
        screenshot(Path.of("target", "dashboard.png"));
    }

    @Test
    void periodTimeZoneAndComparisonChangesShowTheApisNewNumbers() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + today.minusDays(59) + "&to=" + today + "&tz=UTC");

        change(By.id("range"), "30d");
        LocalDate utcToday = LocalDate.now(ZoneOffset.UTC);
        assertPanelsMatch(api(API_DASHBOARD, filter(utcToday.minusDays(29), utcToday, "UTC", null))
                .get("category").get("analytics"));
        assertThat(currentQuery()).doesNotContain("from=").contains("tz=UTC");

        change(By.id("tz"), "Australia/Adelaide");
        LocalDate adelaideToday = LocalDate.now(ZoneId.of("Australia/Adelaide"));
        assertPanelsMatch(api(API_DASHBOARD, filter(adelaideToday.minusDays(29), adelaideToday, "Australia/Adelaide", null))
                .get("category").get("analytics"));

        change(By.id("compare"), "previous");
        JsonNode compared = api(API_DASHBOARD, filter(adelaideToday.minusDays(29), adelaideToday, "Australia/Adelaide",
                Map.of("type", "PREVIOUS_PERIOD"))).get("category").get("analytics");
        assertPanelsMatch(compared);
        for (String field : List.of("playerImpressions", "plays", "uniqueViewers", "minutesViewed", "contributors")) {
            JsonNode expected = compared.get("comparison").get("change").get(field);
            String shown = attribute("[data-testid=highlight-" + field + "] [data-testid=change]", "data-value");
            if (expected.isNull()) {
                assertThat(shown).as(field).isEmpty();
            } else {
                assertThat(Double.parseDouble(shown)).as(field).isCloseTo(expected.asDouble(), within(1e-9));
            }
        }
        for (JsonNode point : compared.get("performance")) {
            WebElement row = performanceRow(point.get("date").asText());
            assertThat(row.findElement(By.cssSelector("[data-field=previousPlays]")).getText())
                    .isEqualTo(integer(point.get("metrics").get("previous").get("plays")));
        }
        assertThat(currentQuery()).contains("tz=Australia%2FAdelaide", "compare=previous");

        // The address bar holds the view: opening it again shows the same numbers.
        String url = driver.getCurrentUrl();
        driver.navigate().refresh();
        waitReady(null);
        assertThat(driver.getCurrentUrl()).isEqualTo(url);
        assertPanelsMatch(compared);
    }

    @Test
    void filtersNarrowEveryPanelAsTheApiDoes() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(59);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + today + "&tz=UTC");
        driver.findElement(By.cssSelector("[data-testid=filters-toggle]")).click();
        assertThat(driver.findElement(By.cssSelector("[data-testid=filter-panel]")).isDisplayed()).isTrue();

        // A choice applies at once.
        String previous = body().getDomAttribute("data-load-seq");
        driver.findElement(By.cssSelector("input[name=devices][value=MOBILE]")).click();
        waitReady(previous);
        Map<String, Object> mobile = filter(from, today, "UTC", null);
        mobile.put("devices", List.of("MOBILE"));
        assertPanelsMatch(api(API_DASHBOARD, mobile).get("category").get("analytics"));

        // Text filters apply with the button; sub-categories can be left out.
        previous = body().getDomAttribute("data-load-seq");
        driver.findElement(By.cssSelector("[data-testid=filter-countries]")).sendKeys("IL, US");
        driver.findElement(By.cssSelector("input[name=includeSubcategories]")).click();
        waitReady(previous); // the checkbox applies at once, with the countries typed so far
        previous = body().getDomAttribute("data-load-seq");
        driver.findElement(By.cssSelector("#filter-panel button[type=submit]")).click();
        waitReady(previous);
        Map<String, Object> narrowed = new LinkedHashMap<>(mobile);
        narrowed.put("countries", List.of("IL", "US"));
        narrowed.put("includeSubcategories", false);
        assertPanelsMatch(api(API_DASHBOARD, narrowed).get("category").get("analytics"));
        assertThat(currentQuery()).contains("devices=MOBILE", "countries=IL%2CUS", "includeSubcategories=false");
    }

    @Test
    void theHomePageOpensTheDemoGalleryInTheBrowsersTimeZone() throws Exception {
        open("/");
        assertThat(text("[data-testid=gallery-name]")).isEqualTo("Demo Gallery");
        assertThat(new Select(driver.findElement(By.id("tz"))).getFirstSelectedOption().getDomProperty("value"))
                .isEqualTo(BROWSER_ZONE);
        assertThat(currentQuery()).contains("tz=America%2FNew_York");
        LocalDate today = LocalDate.now(ZoneId.of(BROWSER_ZONE));
        assertPanelsMatch(api(API_DASHBOARD, filter(today.minusDays(29), today, BROWSER_ZONE, null))
                .get("category").get("analytics"));
    }

    @Test
    void aCountryDrillsToRegionsAUserToTheirEntriesAndHeadersSortWithEnter() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(59);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + today + "&tz=UTC");
        Map<String, Object> filter = filter(from, today, "UTC", null);
        JsonNode analytics = api(API_DASHBOARD, filter).get("category").get("analytics");

        // Country → regions (the second country: the drill-down finds its row after the first one).
        JsonNode country = analytics.get("countries").get("edges").get(1).get("node");
        driver.findElement(By.cssSelector("[data-testid=table-countries] tr[data-key='" + country.get("country").asText()
                + "'] .row-open")).click();
        WebElement regions = waitDrill("drill-countries");
        List<String> regionKeys = new ArrayList<>();
        for (JsonNode edge : country.get("regions").get("edges")) {
            regionKeys.add(edge.get("node").get("region").asText());
        }
        assertThat(rowKeys(regions, "table-regions")).isEqualTo(regionKeys);
        for (JsonNode edge : country.get("regions").get("edges")) {
            assertThat(cell(regions, "table-regions", edge.get("node").get("region").asText(), "plays"))
                    .isEqualTo(integer(edge.get("node").get("metrics").get("plays")));
        }

        // A user → their entries (the API asked independently: that user's row of the same table).
        JsonNode users = api("""
                query Users($id: ID!, $filter: AnalyticsFilter!) { category(id: $id) { analytics(filter: $filter) {
                  viewers(first: 2) { edges { node { user { id name } metrics { plays }
                    entries(first: 10) { totalCount edges { node { entryId metrics { plays minutesViewed } } } } } } } } } }
                """, filter).get("category").get("analytics").get("viewers").get("edges");
        JsonNode user = users.get(1).get("node");
        WebElement userButton = driver.findElement(By.cssSelector("[data-testid=table-viewers] tr[data-key='"
                + user.get("user").get("id").asText() + "'] .row-open"));
        userButton.sendKeys(Keys.ENTER); // a real button: the keyboard opens it
        WebElement entries = waitDrill("drill-viewers");
        assertThat(entries.findElement(By.tagName("h3")).getText()).contains(user.get("user").get("name").asText());
        assertThat(attribute(entries, "[data-testid=drill-plays] strong", "data-value"))
                .isEqualTo(user.get("metrics").get("plays").asText());
        List<String> entryKeys = new ArrayList<>();
        for (JsonNode edge : user.get("entries").get("edges")) {
            entryKeys.add(edge.get("node").get("entryId").asText());
        }
        assertThat(rowKeys(entries, "table-drill-viewers-entries")).isEqualTo(entryKeys);
        assertThat(entries.findElement(By.cssSelector("[data-testid=table-drill-viewers-entries] [data-testid=count]"))
                .getDomAttribute("data-value")).isEqualTo(user.get("entries").get("totalCount").asText());
        for (JsonNode edge : user.get("entries").get("edges")) {
            assertThat(cell(entries, "table-drill-viewers-entries", edge.get("node").get("entryId").asText(), "plays"))
                    .isEqualTo(integer(edge.get("node").get("metrics").get("plays")));
        }

        // Users sorted by minutes viewed: Enter on the column header, sorted by the server.
        JsonNode byMinutes = api("""
                query ByMinutes($id: ID!, $filter: AnalyticsFilter!) { category(id: $id) { analytics(filter: $filter) {
                  viewers(first: 10, orderBy: {metric: MINUTES_VIEWED, direction: DESC}) { edges { node { user { id } } } } } } }
                """, filter).get("category").get("analytics").get("viewers").get("edges");
        List<String> expected = new ArrayList<>();
        for (JsonNode edge : byMinutes) {
            expected.add(edge.get("node").get("user").get("id").asText());
        }
        driver.findElement(By.cssSelector("[data-testid=table-viewers] [data-testid=sort-MINUTES_VIEWED]")).sendKeys(Keys.ENTER);
        WebElement viewersTable = driver.findElement(By.cssSelector("[data-testid=table-viewers]"));
        wait.until(d -> "ready".equals(viewersTable.getDomAttribute("data-state"))
                && rowKeys(d.findElement(By.tagName("body")), "table-viewers").equals(expected));
        assertThat(currentQuery()).contains("viewers.sort=MINUTES_VIEWED.DESC");
    }

    @Test
    void anExportDownloadsTheTablesRowsAsCsv() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = today.minusDays(59);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + today + "&tz=UTC");
        JsonNode countries = api(API_DASHBOARD, filter(from, today, "UTC", null))
                .get("category").get("analytics").get("countries");

        driver.findElement(By.cssSelector("[data-testid=table-countries] [data-testid=export]")).click();
        Path csv = downloads.resolve("countries.csv");
        wait.until(d -> Files.exists(csv) && !Files.exists(downloads.resolve("countries.csv.crdownload")));
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertThat(lines.getFirst()).startsWith("country,name,playerImpressions,plays,");
        List<List<String>> shown = new ArrayList<>();
        for (WebElement row : driver.findElements(By.cssSelector("[data-testid=table-countries] tbody tr[data-testid=row]"))) {
            shown.add(List.of(row.getDomAttribute("data-key"), row.findElement(By.tagName("th")).getText(),
                    row.findElement(By.cssSelector("[data-field=plays]")).getDomAttribute("data-value")));
        }
        List<List<String>> exported = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.split(",", -1);
            exported.add(List.of(fields[0], fields[1], fields[3]));
        }
        assertThat(exported).isEqualTo(shown).hasSize(countries.get("totalCount").asInt());
        assertThat(exported.getFirst().getFirst()).isEqualTo(countries.get("edges").get(0).get("node").get("country").asText());
    }

    @Test
    void everyExportButtonDownloadsItsTable() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + today.minusDays(59) + "&to=" + today + "&tz=UTC");
        Map<String, String> buttons = new LinkedHashMap<>();
        buttons.put("[data-testid=performance] [data-testid=export]", "performance.csv");
        buttons.put("[data-testid=top-videos-panel] [data-testid=export]", "topVideos.csv");
        for (String table : List.of("viewers", "entries", "subCategories", "devices", "domains")) {
            buttons.put("[data-testid=table-" + table + "] [data-testid=export]", table + ".csv");
        }
        for (Map.Entry<String, String> button : buttons.entrySet()) {
            download(driver.findElement(By.cssSelector(button.getKey())), button.getValue());
        }
        // Drill-downs export their own tables, named by their parent row.
        driver.findElement(By.cssSelector("[data-testid=table-viewers] tbody tr:nth-child(2) .row-open")).click();
        WebElement user = waitDrill("drill-viewers");
        download(user.findElement(By.cssSelector("[data-testid=table-drill-viewers-entries] [data-testid=export]")), "userEntries.csv");
        download(user.findElement(By.cssSelector(".performance-block [data-testid=export]")), "userPerformance.csv");
        driver.findElement(By.cssSelector("[data-testid=table-entries] tbody tr:nth-child(1) .row-open")).click();
        WebElement entry = waitDrill("drill-entries");
        download(entry.findElement(By.cssSelector("[data-testid=table-drill-entries-viewers] [data-testid=export]")), "entryViewers.csv");
        download(entry.findElement(By.cssSelector(".performance-block [data-testid=export]")), "entryPerformance.csv");
        driver.findElement(By.cssSelector("[data-testid=table-countries] tbody tr:nth-child(1) .row-open")).click();
        download(waitDrill("drill-countries").findElement(By.cssSelector("[data-testid=table-regions] [data-testid=export]")), "regions.csv");
        driver.findElement(By.cssSelector("[data-testid=table-regions] tbody tr:nth-child(1) .row-open")).click();
        By cities = By.cssSelector("[data-testid=table-cities]");
        wait.until(d -> !d.findElements(cities).isEmpty() && "ready".equals(d.findElement(cities).getDomAttribute("data-state")));
        download(driver.findElement(cities).findElement(By.cssSelector("[data-testid=export]")), "cities.csv");
        driver.findElement(By.cssSelector("[data-testid=table-devices] tbody tr:nth-child(1) .row-open")).click();
        WebElement device = waitDrill("drill-devices");
        download(device.findElement(By.cssSelector("[data-testid=table-operatingSystems] [data-testid=export]")), "operatingSystems.csv");
        download(device.findElement(By.cssSelector("[data-testid=table-browsers] [data-testid=export]")), "browsers.csv");
        driver.findElement(By.cssSelector("[data-testid=table-domains] tbody tr:nth-child(1) .row-open")).click();
        download(waitDrill("drill-domains").findElement(By.cssSelector("[data-testid=table-urls] [data-testid=export]")), "urls.csv");

        // The user's entries: the same rows as the drill-down's table.
        List<String> shown = rowKeys(user, "table-drill-viewers-entries");
        List<String> exported = new ArrayList<>();
        for (String line : Files.readAllLines(downloads.resolve("userEntries.csv")).subList(1, shown.size() + 1)) {
            exported.add(line.split(",", -1)[1]);
        }
        assertThat(Files.readAllLines(downloads.resolve("userEntries.csv")).getFirst()).startsWith("userId,entryId,name,");
        assertThat(exported).isEqualTo(shown);
    }

    /** Clicks an export button and waits for its file (failing at once when the page reports an error). */
    private void download(WebElement button, String file) {
        Path path = downloads.resolve(file);
        button.click();
        wait.until(d -> {
            String status = button.findElement(By.xpath("ancestor::*[.//*[contains(@class,'table-status')]][1]"))
                    .findElement(By.cssSelector(".table-status")).getText();
            if (status.startsWith("Export failed")) {
                throw new AssertionError(file + ": " + status);
            }
            return Files.exists(path) && !Files.exists(downloads.resolve(file + ".crdownload"));
        });
        try {
            assertThat(Files.readAllLines(path).size()).as(file).isGreaterThan(1);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void thePickerFindsGalleriesByNameAndOpensOne() throws Exception {
        open("/galleries/" + DemoData.GALLERY_ID + "?tz=UTC");
        JsonNode found = graphQlData("""
                query Find($search: String) { categories(search: $search, first: 20) {
                  edges { node { id name subCategoriesCount parent { name } } } } }
                """, Map.of("search", "event")).get("categories").get("edges");
        List<String> expected = new ArrayList<>();
        found.forEach(e -> expected.add(e.get("node").get("id").asText()));
        assertThat(expected).contains(DemoData.EVENTS_ID);

        driver.findElement(By.cssSelector("[data-testid=picker-toggle]")).click();
        WebElement search = driver.findElement(By.id("picker-search"));
        wait.until(d -> search.equals(d.switchTo().activeElement())); // the picker takes the focus
        search.sendKeys("event", Keys.ENTER);
        wait.until(d -> "ready".equals(d.findElement(By.id("picker")).getDomAttribute("data-state"))
                && keys("#picker-results li").equals(expected));
        JsonNode events = null;
        for (JsonNode edge : found) {
            if (edge.get("node").get("id").asText().equals(DemoData.EVENTS_ID)) {
                events = edge.get("node");
            }
        }
        assertThat(text("#picker-results li[data-key='" + DemoData.EVENTS_ID + "']"))
                .contains(events.get("name").asText(), "in " + events.get("parent").get("name").asText(),
                        events.get("subCategoriesCount").asText() + " sub-categor");

        driver.findElement(By.cssSelector("#picker-results li[data-key='" + DemoData.EVENTS_ID + "'] a")).click();
        wait.until(d -> d.getCurrentUrl().contains("/galleries/" + DemoData.EVENTS_ID));
        waitReady(null);
        assertThat(text("[data-testid=gallery-name]")).isEqualTo(events.get("name").asText());
        assertThat(text("[data-testid=details] [data-testid=sub-categories]")).isEqualTo(events.get("subCategoriesCount").asText());
        assertThat(currentQuery()).contains("tz=UTC"); // the view's state travels with the link
    }

    @Test
    void aPeriodWithoutDataSaysSo() throws Exception {
        LocalDate from = LocalDate.of(2020, 1, 1);
        LocalDate to = LocalDate.of(2020, 1, 31);
        open("/galleries/" + DemoData.GALLERY_ID + "?from=" + from + "&to=" + to + "&tz=UTC");
        JsonNode analytics = api(API_DASHBOARD, filter(from, to, "UTC", null)).get("category").get("analytics");
        assertThat(analytics.get("highlights").get("plays").asLong()).isZero();
        assertPanelsMatch(analytics); // zeros, 31 zero-filled days, no rows
        for (String table : List.of("table-viewers", "table-entries", "table-countries", "table-devices", "table-domains")) {
            assertThat(text("[data-testid=" + table + "] tbody tr.empty")).as(table).isEqualTo("No data for this selection.");
        }
        assertThat(text("[data-testid=top-videos-panel] .empty")).isEqualTo("No data for this selection.");
        assertThat(text("[data-testid=insight-device]")).contains("—");
    }

    @Test
    void anApiErrorIsShownAsTheApiWordsIt() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String message = apiError(Map.of("from", today.toString(), "to", today.minusDays(3).toString(), "timeZone", "UTC"));
        driver.get(base() + "/galleries/" + DemoData.GALLERY_ID + "?from=" + today + "&to=" + today.minusDays(3) + "&tz=UTC");
        wait.until(d -> "error".equals(body().getDomAttribute("data-state")));
        assertThat(text("[data-testid=message]")).isEqualTo(message);

        // A key the API refuses: the API's own words, then the right key brings the dashboard back.
        HttpResponse<String> refused = post("/graphql", "not-a-key", "{\"query\": \"{ __typename }\"}");
        String refusal = JSON.readTree(refused.body()).get("errors").get(0).get("message").asText();
        open("/galleries/" + DemoData.GALLERY_ID + "?tz=UTC");
        WebElement key = driver.findElement(By.id("key"));
        assertThat(key.getDomProperty("value")).as("the configured key is filled in").isEqualTo(KEY);
        key.clear();
        key.sendKeys("not-a-key", Keys.ENTER);
        wait.until(d -> "error".equals(body().getDomAttribute("data-state")));
        assertThat(text("[data-testid=message]")).isEqualTo(refusal);
        driver.navigate().refresh(); // the key stays for the browser session
        wait.until(d -> "error".equals(body().getDomAttribute("data-state")));
        assertThat(driver.findElement(By.id("key")).getDomProperty("value")).isEqualTo("not-a-key");
        key = driver.findElement(By.id("key"));
        key.clear();
        key.sendKeys(KEY, Keys.ENTER);
        waitReady(null);
        assertThat(driver.findElement(By.id("message")).isDisplayed()).isFalse();
        // The refused requests are the only console entries (the browser reports each HTTP 401).
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                assertThat(entry.getMessage()).contains("401");
            }
        }
    }

    // ---- the panels against the API ----

    private void assertPanelsMatch(JsonNode analytics) {
        JsonNode highlights = analytics.get("highlights");
        for (String field : List.of("playerImpressions", "plays", "uniqueViewers", "contributors")) {
            assertThat(text("[data-testid=highlight-" + field + "] [data-testid=value]")).as(field)
                    .isEqualTo(integer(highlights.get(field)));
        }
        assertThat(Double.parseDouble(attribute("[data-testid=highlight-minutesViewed] [data-testid=value]", "data-value")))
                .isCloseTo(highlights.get("minutesViewed").asDouble(), within(1e-9));
        assertThat(attribute("[data-testid=page-plays]", "data-value")).isEqualTo(analytics.get("pageViews").get("plays").asText());

        List<String> topVideos = new ArrayList<>();
        for (JsonNode edge : analytics.get("topVideos").get("edges")) {
            topVideos.add(edge.get("node").get("entryId").asText());
            assertThat(Double.parseDouble(attribute("[data-testid=top-videos] li[data-key='" + edge.get("node").get("entryId").asText()
                    + "'] [data-testid=score]", "data-value"))).isEqualTo(edge.get("node").get("score").asDouble());
        }
        assertThat(keys("[data-testid=top-videos] li")).isEqualTo(topVideos);

        List<String> viewers = new ArrayList<>();
        for (JsonNode edge : analytics.get("viewers").get("edges")) {
            JsonNode node = edge.get("node");
            viewers.add(node.get("user").get("id").asText());
            assertThat(cell(body(), "table-viewers", node.get("user").get("id").asText(), "plays"))
                    .isEqualTo(integer(node.get("metrics").get("plays")));
        }
        assertThat(rowKeys(body(), "table-viewers")).isEqualTo(viewers);
        assertThat(keys("[data-testid=top-viewers] li")).isEqualTo(viewers.subList(0, Math.min(5, viewers.size())));

        List<String> countries = new ArrayList<>();
        for (JsonNode edge : analytics.get("countries").get("edges")) {
            JsonNode node = edge.get("node");
            countries.add(node.get("country").asText());
            assertThat(cell(body(), "table-countries", node.get("country").asText(), "plays"))
                    .isEqualTo(integer(node.get("metrics").get("plays")));
        }
        assertThat(rowKeys(body(), "table-countries")).isEqualTo(countries);

        List<String> devices = new ArrayList<>();
        for (JsonNode device : analytics.get("devices")) {
            devices.add(device.get("device").asText());
            assertThat(cell(body(), "table-devices", device.get("device").asText(), "plays"))
                    .isEqualTo(integer(device.get("metrics").get("plays")));
        }
        assertThat(rowKeys(body(), "table-devices")).isEqualTo(devices);

        List<String> domains = new ArrayList<>();
        for (JsonNode edge : analytics.get("domains").get("edges")) {
            JsonNode node = edge.get("node");
            domains.add(node.get("domain").asText());
            assertThat(cell(body(), "table-domains", node.get("domain").asText(), "playerImpressions"))
                    .isEqualTo(integer(node.get("metrics").get("playerImpressions")));
        }
        assertThat(rowKeys(body(), "table-domains")).isEqualTo(domains);

        JsonNode insights = analytics.get("insights");
        if (insights.get("topDomain").isNull()) {
            assertThat(driver.findElements(By.cssSelector("[data-testid=insight-domain] [data-testid=value]"))).isEmpty();
        } else {
            assertThat(text("[data-testid=insight-domain] [data-testid=value]")).isEqualTo(insights.get("topDomain").get("domain").asText());
            assertThat(Double.parseDouble(attribute("[data-testid=insight-device] [data-testid=share]", "data-value")))
                    .isCloseTo(insights.get("topDevice").get("share").asDouble(), within(1e-12));
        }
        List<String> locations = new ArrayList<>();
        insights.get("topCountries").forEach(c -> locations.add(c.get("name").asText()));
        List<String> shownLocations = new ArrayList<>();
        driver.findElements(By.cssSelector("[data-testid=insight-locations] li")).forEach(li -> shownLocations.add(li.getText()));
        assertThat(shownLocations).isEqualTo(locations);

        List<String> dates = new ArrayList<>();
        for (JsonNode point : analytics.get("performance")) {
            dates.add(point.get("date").asText());
        }
        assertThat(keys("[data-testid=performance] [data-testid=performance-table] tbody tr[data-testid=row]")).isEqualTo(dates);
        for (JsonNode point : analytics.get("performance")) {
            WebElement row = performanceRow(point.get("date").asText());
            JsonNode m = point.get("metrics");
            assertThat(row.findElement(By.cssSelector("[data-field=playerImpressions]")).getText()).isEqualTo(integer(m.get("playerImpressions")));
            assertThat(row.findElement(By.cssSelector("[data-field=plays]")).getText()).isEqualTo(integer(m.get("plays")));
            assertThat(row.findElement(By.cssSelector("[data-field=uniqueViewers]")).getText()).isEqualTo(integer(m.get("uniqueViewers")));
            assertThat(Double.parseDouble(row.findElement(By.cssSelector("[data-field=minutesViewed]")).getDomAttribute("data-value")))
                    .isCloseTo(m.get("minutesViewed").asDouble(), within(1e-9));
        }
    }

    private WebElement performanceRow(String date) {
        return driver.findElement(By.cssSelector("[data-testid=performance] [data-testid=performance-table] tr[data-key='" + date + "']"));
    }

    // ---- browser helpers ----

    private String base() {
        return "http://localhost:" + port;
    }

    private void open(String path) {
        driver.get(base() + path);
        waitReady(null);
    }

    /** Waits for the page's own marker: every panel drawn for a load other than `previous`. */
    private void waitReady(String previous) {
        wait.until(d -> {
            WebElement body = d.findElement(By.tagName("body"));
            String state = body.getDomAttribute("data-state");
            if ("error".equals(state)) {
                throw new AssertionError("The dashboard shows an error: " + d.findElement(By.id("message")).getText());
            }
            return "ready".equals(state) && (previous == null || !previous.equals(body.getDomAttribute("data-load-seq")));
        });
    }

    /** Picks an option of a select: the dashboard loads again (a new load sequence). */
    private void change(By select, String value) {
        String previous = body().getDomAttribute("data-load-seq");
        new Select(driver.findElement(select)).selectByValue(value);
        waitReady(previous);
    }

    private WebElement waitDrill(String testid) {
        By area = By.cssSelector("[data-testid=" + testid + "]");
        wait.until(d -> "ready".equals(d.findElement(area).getDomAttribute("data-state")));
        return driver.findElement(area);
    }

    private WebElement body() {
        return driver.findElement(By.tagName("body"));
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private String attribute(String css, String name) {
        return attribute(body(), css, name);
    }

    private static String attribute(WebElement in, String css, String name) {
        return in.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    private List<String> keys(String css) {
        List<String> keys = new ArrayList<>();
        driver.findElements(By.cssSelector(css)).forEach(e -> keys.add(e.getDomAttribute("data-key")));
        return keys;
    }

    private static List<String> rowKeys(WebElement in, String table) {
        List<String> keys = new ArrayList<>();
        in.findElements(By.cssSelector("[data-testid=" + table + "] tbody tr[data-testid=row]"))
                .forEach(e -> keys.add(e.getDomAttribute("data-key")));
        return keys;
    }

    private static String cell(WebElement in, String table, String key, String field) {
        return in.findElement(By.cssSelector("[data-testid=" + table + "] tbody tr[data-key='" + key + "'] [data-field="
                + field + "]")).getText();
    }

    private String currentQuery() {
        String url = driver.getCurrentUrl();
        return url.contains("?") ? url.substring(url.indexOf('?') + 1) : "";
    }

    /** The whole page: the window as tall as the document, then a screenshot. */
    private void screenshot(Path target) throws IOException {
        Number height = (Number) ((JavascriptExecutor) driver).executeScript(
                "return Math.ceil(document.documentElement.scrollHeight)");
        Dimension before = driver.manage().window().getSize();
        driver.manage().window().setSize(new Dimension(1400, Math.min(height.intValue() + 140, 12_000)));
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, driver.getScreenshotAs(OutputType.BYTES));
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    // ---- the API, asked by the test itself ----

    private static String integer(JsonNode value) {
        return java.text.NumberFormat.getIntegerInstance(Locale.US).format(value.asLong());
    }

    private static Map<String, Object> filter(LocalDate from, LocalDate to, String zone, Map<String, Object> compareTo) {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("from", from.toString());
        filter.put("to", to.toString());
        filter.put("timeZone", zone);
        if (compareTo != null) {
            filter.put("compareTo", compareTo);
        }
        return filter;
    }

    private JsonNode api(String query, Map<String, Object> filter) throws IOException {
        JsonNode body = post(query, filter);
        assertThat(body.path("errors").isMissingNode() || body.get("errors").isEmpty()).as(body.toString()).isTrue();
        return body.get("data");
    }

    private String apiError(Map<String, Object> filter) throws IOException {
        JsonNode body = post(API_DASHBOARD, filter);
        assertThat(body.get("errors")).isNotEmpty();
        return body.get("errors").get(0).get("message").asText();
    }

    private JsonNode graphQlData(String query, Map<String, Object> variables) throws IOException {
        HttpResponse<String> response = post("/graphql", KEY, JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("errors").isMissingNode() || body.get("errors").isEmpty()).as(body.toString()).isTrue();
        return body.get("data");
    }

    private JsonNode post(String query, Map<String, Object> filter) throws IOException {
        Map<String, Object> variables = Map.of("id", DemoData.GALLERY_ID, "filter", filter);
        HttpResponse<String> response = post("/graphql", KEY, JSON.writeValueAsString(Map.of("query", query, "variables", variables)));
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
