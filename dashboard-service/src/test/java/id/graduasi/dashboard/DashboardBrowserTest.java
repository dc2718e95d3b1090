package id.graduasi.dashboard;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

import id.graduasi.events.contract.AidDisbursed;
import id.graduasi.events.contract.HouseholdRegistered;
import id.graduasi.events.contract.ProgrammeAllocated;
import id.graduasi.testing.GraduasiTestResource;
import id.graduasi.testing.TestKafka;
import id.graduasi.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The page in headless Chromium (Debian's chromium and chromium-driver, installed by .ci/run), driven by Selenium:
 * opened with a token, it shows new figures when events are published, without a reload; a partner's page shows
 * only its regions. Screenshots go to target/browser/.
 */
@QuarkusTest
@QuarkusTestResource(value = GraduasiTestResource.class, restrictToAnnotatedClass = false)
class DashboardBrowserTest {

    private static final Path SHOTS = Path.of("target", "browser");
    private static WebDriver browser;

    @BeforeAll
    static void browser() throws Exception {
        String chromium = find("GRADUASI_CHROMIUM", "/usr/bin/chromium", "/usr/bin/chromium-browser",
                "/usr/bin/google-chrome");
        String driver = find("GRADUASI_CHROMEDRIVER", "/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
        Assumptions.assumeTrue(chromium != null && driver != null,
                "SKIPPED: no headless Chromium here (install Debian's chromium and chromium-driver, as .ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,2200", "--lang=id");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new java.io.File(driver))
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        Files.createDirectories(SHOTS);
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String find(String env, String... candidates) {
        String configured = System.getenv(env);
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return configured;
        }
        for (String c : candidates) {
            if (Files.isExecutable(Path.of(c))) {
                return c;
            }
        }
        return null;
    }

    private static String url(String query, String token) {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return "http://localhost:" + port + "/index.html" + query + "#token=" + token;
    }

    private static String cell(String table, String code, String column) {
        List<WebElement> cells = browser.findElements(By.cssSelector("#" + table + " tr" + (code == null
                ? ".total" : "[data-code='" + code + "']") + " td[data-col='" + column + "']"));
        return cells.isEmpty() ? null : cells.get(0).getText();
    }

    private static void shot(String name) throws Exception {
        Files.write(SHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void thePageShowsPublishedEventsLiveAndAPartnerOnlyItsRegions() throws Exception {
        // Regency 64.08 (Kutai Timur): nothing yet.
        String officer = TestTokens.token("officer-a", Set.of("OFFICER"), Set.of("*"));
        browser.get(url("?region=64.08", officer));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> "0".equals(cell("funnel-table", null, "registered"))
                && browser.findElement(By.id("live")).getAttribute("class").contains("on"));
        ((JavascriptExecutor) browser).executeScript("window.loadedOnce = 'yes';");
        shot("01-officer-before");

        for (int i = 1; i <= 4; i++) {
            TestKafka.publish(new HouseholdRegistered(UUID.randomUUID(), "64.08.01.300" + i, 3, World.TODAY));
        }
        TestKafka.publish(new HouseholdRegistered(UUID.randomUUID(), "64.08.02.3001", 3, World.TODAY));
        for (int i = 1; i <= 3; i++) {
            TestKafka.publish(new HouseholdRegistered(UUID.randomUUID(), "64.08.03.300" + i, 3, World.TODAY));
        }
        // The numbers change without a reload: the marker set on the page is still there.
        await().ignoreExceptions().atMost(Duration.ofSeconds(30)).until(() -> "8".equals(cell("funnel-table", null, "registered")));
        assertEquals("yes", ((JavascriptExecutor) browser).executeScript("return window.loadedOnce;"));
        assertEquals("4", cell("funnel-table", "64.08.01", "registered"));
        // One household (64.08.02) is suppressed, and the next smallest figure with it (else 8 - 4 - 3 gives it).
        assertEquals("< 3", cell("funnel-table", "64.08.02", "registered"));
        assertEquals("< 3", cell("funnel-table", "64.08.03", "registered"));
        assertTrue(browser.findElement(By.id("status")).getText().contains("Ketertinggalan"));
        shot("02-officer-live-update");

        // Realization: the regency's KUBE share for 2032 (10 groups' households), then three of them paid.
        TestKafka.publish(new ProgrammeAllocated("KUBE", 2032, "64.08", "APBN", 200_000_000L, 10, 1,
                LocalDate.of(2032, 1, 2)));
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> "10".equals(cell("realization-table", "KUBE/2032", "targetHouseholds")));
        assertEquals("0", cell("realization-table", "KUBE/2032", "householdsPercent"), "nothing paid yet");
        for (int i = 1; i <= 3; i++) {
            TestKafka.publish(new AidDisbursed(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "KUBE", 2032,
                    1, 20_000_000L, "64.08.01.300" + i, LocalDate.of(2032, 3, 1)));
        }
        await().ignoreExceptions().atMost(Duration.ofSeconds(30))
                .until(() -> "30".equals(cell("realization-table", "KUBE/2032", "householdsPercent")));
        assertEquals("3", cell("realization-table", "KUBE/2032", "householdsPaid"));
        assertEquals("30", cell("realization-table", "KUBE/2032", "budgetPercent"));
        shot("02b-officer-realization");

        // English labels.
        new Select(browser.findElement(By.id("lang"))).selectByValue("en");
        await().ignoreExceptions().atMost(Duration.ofSeconds(5)).until(() -> browser.findElement(By.cssSelector("#funnel-table th:nth-child(3)"))
                .getText().equals("Registered"));
        assertTrue(browser.findElement(By.id("status")).getText().contains("Lag"));
        shot("03-officer-english");

        // A partner of regency 64.08 sees its region only, from the top.
        String partner = TestTokens.token("mitra-kutim", Set.of("PARTNER"), Set.of("64.08"));
        browser.get(url("", partner));
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> "8".equals(cell("funnel-table", null, "registered")));
        // Read in one script: a live update may re-render the table between finding a row and reading it.
        List<String> codes = ((List<?>) ((JavascriptExecutor) browser).executeScript("return [...document"
                + ".querySelectorAll('#funnel-table tr[data-code]')].map(r => r.dataset.code).filter(c => c);"))
                .stream().map(String::valueOf).toList();
        assertEquals(List.of("64.08"), codes);
        shot("04-partner-own-region");
        // Drill down into its regency by clicking the row.
        await().ignoreExceptions().atMost(Duration.ofSeconds(10)).until(() -> {
            browser.findElement(By.cssSelector("#funnel-table tr[data-code='64.08']")).click();
            return true;
        });
        await().ignoreExceptions().atMost(Duration.ofSeconds(20)).until(() -> "4".equals(cell("funnel-table", "64.08.01", "registered")));
        shot("05-partner-drill-down");
    }
}
