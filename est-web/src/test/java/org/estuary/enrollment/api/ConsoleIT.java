package org.estuary.enrollment.api;

import static org.estuary.enrollment.api.TestClients.certificate;
import static org.estuary.enrollment.api.TestClients.pem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509CRLEntry;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.estuary.auth.control.PasswordHashes;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedCondition;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's headless chromium, driven through its chromedriver, against
 * the deployed application. Every tab shows what real enrollments made in this test; the screenshots
 * of each tab go to {@code est-web/target/console-screenshots/}. The browser accepts the server's
 * certificate without knowing its local CA (chromium keeps its own trust store); everything else is
 * as an administrator sees it.
 */
@ExtendWith(ArquillianExtension.class)
class ConsoleIT {

    private static final Path FILES = TestClients.dataDir().resolve("console-it");
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final String PASSWORD = "console-it-enrollment-password";
    private static final String VIEWER_KEY = "console-it-viewer-key";
    private static final String WATCHER_PASSWORD = "watcher-password-1";
    /** Profile names of this test's own: counters and searches are by profile, and the database outlives runs. */
    private static final String RUN = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static KeyPair deviceCaKeys;
    private static X509Certificate deviceCa;
    private static WebDriver browser;
    private static WebDriverWait wait;

    @Deployment(testable = false)
    static WebArchive deployment() throws Exception {
        Files.createDirectories(FILES);
        deviceCaKeys = TestClients.ecKeyPair();
        deviceCa = certificate("CN=Console Test Device CA", deviceCaKeys, "CN=Console Test Device CA", deviceCaKeys, true, Instant.now().plus(Duration.ofDays(365)));
        Files.writeString(trustBundle(), pem(deviceCa));
        Files.writeString(FILES.resolve("certificate-profiles.json"),
                "[{\"id\": \"con-" + RUN + "\", \"name\": \"Console test devices\", \"key_algorithms\": [\"EC\"]}]");
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addAsResource(new StringAsset(String.join("\n",
                        "est.profiles=" + basic() + "," + mtls() + "," + held(),
                        "est.profile." + basic() + ".issuer-id=iss-local",
                        "est.profile." + basic() + ".allowed-auth-modes=basic",
                        "est.profile." + basic() + ".enrollment-password=" + PASSWORD,
                        "est.profile." + basic() + ".profile-id=con-" + RUN,
                        "est.profile." + mtls() + ".issuer-id=iss-local",
                        "est.profile." + mtls() + ".allowed-auth-modes=mtls",
                        "est.profile." + mtls() + ".mtls-enabled=true",
                        "est.profile." + mtls() + ".mtls-client-ca-trust-bundle-path=" + trustBundle(),
                        "est.profile." + held() + ".issuer-id=iss-local",
                        "est.profile." + held() + ".manual-approval=true",
                        "est.certificate-profiles-file=" + FILES.resolve("certificate-profiles.json"),
                        "est.admin.api-keys=console-it-viewer:viewer:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                                .digest(VIEWER_KEY.getBytes(StandardCharsets.UTF_8))),
                        "est.console.users=watcher:viewer:" + PasswordHashes.hash(WATCHER_PASSWORD.toCharArray()),
                        "")), "META-INF/microprofile-config.properties");
    }

    private static String basic() {
        return "cb" + RUN;
    }

    private static String mtls() {
        return "cm" + RUN;
    }

    private static String held() {
        return "ch" + RUN;
    }

    private static Path trustBundle() {
        return FILES.resolve("device-ca.pem");
    }

    @BeforeAll
    static void openBrowser() throws Exception {
        Files.createDirectories(SCREENSHOTS);
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory("console-it-chromium"), "--window-size=1280,1000");
        options.setAcceptInsecureCerts(true);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void anAdministratorSeesEveryTabPopulatedByRealEnrollmentsAndActsFromIt() throws Exception {
        // What devices do before anyone looks: enrollments on each route, a failed Basic attempt, a held request.
        X509Certificate byPassword = certificate(enrollBasic("CN=console-basic-" + RUN, PASSWORD));
        assertEquals(401, enrollBasic("CN=console-intruder-" + RUN, "wrong password").statusCode());
        KeyPair bootstrapKeys = TestClients.ecKeyPair();
        X509Certificate bootstrap = certificate("CN=console-laptop-" + RUN, bootstrapKeys, "CN=Console Test Device CA",
                deviceCaKeys, false, Instant.now().plus(Duration.ofDays(30)));
        X509Certificate byMtls = certificate(enrollMtls(bootstrapKeys, bootstrap, "CN=console-laptop-" + RUN));
        HttpResponse<String> heldAnswer = post(TestClients.https(null, null), "est/" + held() + "/simpleenroll",
                "CN=console-held-" + RUN, null);
        assertEquals(202, heldAnswer.statusCode(), heldAnswer.body());

        // Nobody but an administrator gets in: anonymous, an admin API viewer key, a console viewer.
        browser.get(console(""));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        HttpResponse<String> withViewerKey = TestClients.https(null, null).send(HttpRequest.newBuilder(URI.create(console("")))
                .header("Authorization", "Bearer " + VIEWER_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, withViewerKey.statusCode(), "an API key opens no console page");
        assertTrue(withViewerKey.headers().firstValue("Location").orElse("").endsWith("/console/login.xhtml"));
        signIn("watcher", WATCHER_PASSWORD);
        assertTrue(text(By.id("sign-in-form")).contains("not an administrator"), "a viewer is refused");
        assertTrue(browser.getCurrentUrl().contains("login.xhtml"));
        signIn("admin", "not the password");
        assertTrue(text(By.id("sign-in-form")).contains("wrong password"));
        screenshot("sign-in");

        signIn("admin", Files.readString(TestClients.dataDir().resolve("console-admin-password")).strip());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("section.card[data-profile='" + basic() + "']")));
        assertEquals("admin", text(By.id("caller")));
        assertEquals("no-store", consoleHeader("Cache-Control"));
        assertTrue(consoleHeader("Content-Security-Policy").contains("frame-ancestors 'none'"));

        // Profiles: cards, badges, countdown, counters; a failed Basic attempt moves its counter.
        String basicCard = "section.card[data-profile='" + basic() + "']";
        assertEquals(1, counter(basicCard, "est_simple_enroll_success"));
        long failedBefore = counter(basicCard, "est_auth_failed_basic");
        assertTrue(failedBefore >= 1);
        assertEquals(401, enrollBasic("CN=console-intruder-" + RUN, "another wrong password").statusCode());
        browser.navigate().refresh();
        assertEquals(failedBefore + 1, counter(basicCard, "est_auth_failed_basic"), "the counter grid moved with the failure");
        String mtlsCard = "section.card[data-profile='" + mtls() + "']";
        assertTrue(text(By.cssSelector(mtlsCard + " .badges")).contains("mtls"));
        WebElement countdown = browser.findElement(By.cssSelector(mtlsCard + " .countdown"));
        assertTrue(countdown.getAttribute("class").contains("expiry-ok"), countdown.getAttribute("class"));
        assertTrue(countdown.getText().matches("in 36[45] days"), countdown.getText());
        assertTrue(text(By.cssSelector("section.card[data-profile='" + held() + "'] .badges")).contains("manual approval"));
        screenshot("profiles");
        browser.manage().window().setSize(new Dimension(800, 1000));
        screenshot("profiles-800px");
        assertTrue((Long) ((org.openqa.selenium.JavascriptExecutor) browser)
                .executeScript("return document.documentElement.scrollWidth") <= 800L, "no sideways scrolling at 800 px");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        // A bad trust file: the dialog shows why, and the anchors in force stay.
        Path saved = FILES.resolve("device-ca.pem.saved");
        Files.copy(trustBundle(), saved, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(trustBundle(), "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        browser.findElement(By.cssSelector(mtlsCard + " button.reload")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reload-form:reload"))).click();
        String refused = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reload-form:reload-error"))).getText();
        assertTrue(refused.contains("the previous trust bundle stays in force"), refused);
        screenshot("profiles-reload-refused");
        Files.move(saved, trustBundle(), StandardCopyOption.REPLACE_EXISTING);
        assertEquals(200, enrollMtls(bootstrapKeys, bootstrap, "CN=console-laptop-" + RUN).statusCode(),
                "the old anchors still authenticate after the refused reload");
        browser.findElement(By.id("reload-form:reload")).click();
        assertTrue(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("reload-form:reload-done"))).getText()
                .contains("1 trust anchor"));
        browser.findElement(By.id("reload-form:reload-close")).click();

        // Recent activity: newest first, the chips narrow it.
        tab("tab-activity");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#activity-form .action")));
        List<String> actions = texts(By.cssSelector("#activity-form .action"));
        assertTrue(actions.contains("est_trust_anchor_reloaded"), actions.toString());
        assertEquals("est_trust_anchor_reloaded", actions.get(0), "newest first: " + actions);
        assertTrue(actions.contains("est_auth_failed_basic"), actions.toString());
        screenshot("activity");
        chip("AuthFailure");
        wait.until(driver -> texts(By.cssSelector("#activity-form .action")).stream().allMatch(a -> a.startsWith("est_auth_failed")));
        assertFalse(texts(By.cssSelector("#activity-form .action")).isEmpty());
        chip("Enrollment");
        wait.until(driver -> texts(By.cssSelector("#activity-form .action")).stream().allMatch(a -> a.startsWith("est_simple_enroll")));
        assertTrue(text(By.id("activity-form")).contains(byPassword.getSerialNumber().toString(16)));
        screenshot("activity-enrollment");

        // Trust bundles: the mTLS profile's anchor and its expiry.
        tab("tab-trust");
        String bundle = text(By.cssSelector("section.bundle[data-profile='" + mtls() + "']"));
        assertTrue(bundle.contains("CN=Console Test Device CA"), bundle);
        assertTrue(bundle.contains(trustBundle().toString()), bundle);
        screenshot("trust-bundles");

        // Certificates: search, detail, revoke with a reason; the CRL lists it.
        tab("tab-certificates");
        type(By.id("search-form:cn"), "console-basic-" + RUN);
        browser.findElement(By.id("search-form:search")).click();
        String serial = byPassword.getSerialNumber().toString(16);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#search-form .serial"), serial));
        browser.findElement(By.cssSelector("#search-form .serial")).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-serial"), serial));
        assertTrue(text(By.id("detail-form")).contains("est_simple_enroll_success"));
        selectMenu("detail-form:reason", "keyCompromise");
        browser.findElement(By.id("detail-form:revoke")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.id("detail-form:revoke-confirmed"))).click();
        wait.until(ExpectedConditions.textToBe(By.id("detail-status"), "REVOKED"));
        screenshot("certificates");
        assertTrue(crlLists(byPassword.getSerialNumber(), Duration.ofSeconds(10)), "the CRL lists the serial revoked from the console");

        // Bulk revocation: the count first, then the revocation.
        selectMenu("bulk-form:label", mtls());
        selectMenu("bulk-form:bulk-reason", "cessationOfOperation");
        browser.findElement(By.id("bulk-form:bulk-count")).click();
        assertEquals("2", wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("bulk-matching"))).getText(),
                "the mTLS profile issued two certificates in this test");
        screenshot("certificates-bulk-confirm");
        browser.findElement(By.id("bulk-confirm-form:bulk-confirm-revoke")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "2 matched, 2 revoked now"));
        assertTrue(crlLists(byMtls.getSerialNumber(), Duration.ofSeconds(10)));

        // Certificate profiles: a refusal next to its field, then a profile created.
        tab("tab-certificate-profiles");
        assertTrue(text(By.id("list-form")).contains("con-" + RUN));
        browser.findElement(By.id("list-form:new")).click();
        type(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("profile-form:id"))), "Not An Id!");
        browser.findElement(By.id("profile-form:save")).click();
        String idMessage = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[id='profile-form:id'] ~ .ui-message-error, .ui-message-error[id*='profile-form']"))).getText();
        assertFalse(idMessage.isBlank());
        assertTrue(text(By.id("profile-form")).contains(idMessage));
        screenshot("certificate-profiles-refused");
        type(By.id("profile-form:id"), "con-new-" + RUN);
        type(By.id("profile-form:max-ttl-days"), "90");
        browser.findElement(By.id("profile-form:save")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("list-form"), "con-new-" + RUN));
        assertTrue(text(By.id("list-form")).contains("90 days"));
        screenshot("certificate-profiles");

        // Pending approvals: the held request, approved.
        tab("tab-approvals");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("approvals-form"), "console-held-" + RUN));
        screenshot("approvals");
        WebElement row = browser.findElements(By.cssSelector("#approvals-form tr")).stream()
                .filter(candidate -> candidate.getText().contains("console-held-" + RUN)).findFirst().orElseThrow();
        row.findElement(By.cssSelector("button.approve")).click();
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("messages"), "approved"));
        assertFalse(text(By.id("approvals-form")).contains("console-held-" + RUN));

        // Signing out ends the session.
        browser.findElement(By.id("sign-out-form:sign-out")).click();
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        browser.get(console("certificates.xhtml"));
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));
        // A session that ended under a page: its next ajax call (a chip, the 60 s poll) goes to the sign-in page.
        signIn("admin", Files.readString(TestClients.dataDir().resolve("console-admin-password")).strip());
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("tab-activity")));
        tab("tab-activity");
        browser.manage().deleteCookieNamed("JSESSIONID");
        browser.findElements(By.cssSelector("#activity-form .chip")).get(1).click();
        wait.until(ExpectedConditions.urlContains("/console/login.xhtml"));

        System.out.println("console screenshots: " + Files.list(SCREENSHOTS).map(path -> path.getFileName().toString()).sorted()
                .collect(Collectors.joining(", ")));
    }

    /**
     * The page that held {@code element} has been replaced: Selenium's stalenessOf, also accepting how
     * Chromium 150 reports a node of a page it left ("Node with given id does not belong to the document").
     */
    private static ExpectedCondition<Boolean> replaced(WebElement element) {
        return driver -> {
            try {
                element.isEnabled();
                return false;
            } catch (StaleElementReferenceException | NoSuchElementException stale) {
                return true;
            } catch (WebDriverException detached) {
                if (String.valueOf(detached.getMessage()).contains("does not belong to the document")) {
                    return true;
                }
                throw detached;
            }
        };
    }

    private static String console(String page) {
        return "https://localhost:" + TestClients.httpsPort() + "/console/" + page;
    }

    private static void signIn(String name, String password) {
        if (!browser.getCurrentUrl().contains("login.xhtml")) {
            browser.get(console("login.xhtml"));
        }
        type(wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("sign-in-form:name"))), name);
        type(By.id("sign-in-form:password"), password);
        WebElement button = browser.findElement(By.id("sign-in-form:sign-in"));
        button.click();
        wait.until(replaced(button));
    }

    private static void tab(String id) {
        WebElement link = browser.findElement(By.id(id));
        link.click();
        wait.until(replaced(link));
        wait.until(ExpectedConditions.attributeContains(By.id(id), "class", "tab-on"));
    }

    private static void chip(String label) {
        WebElement chip = browser.findElements(By.cssSelector("#activity-form .chip")).stream()
                .filter(candidate -> candidate.getText().equals(label)).findFirst().orElseThrow();
        chip.click();
        wait.until(replaced(chip));
    }

    /**
     * Picks {@code label} in the PrimeFaces select menu {@code id} as a person does, by clicking the menu and then the
     * item; again when a click landed while the panel was still opening (zero size, intercepted, or not taken).
     */
    private static void selectMenu(String id, String label) {
        By item = By.cssSelector("[id='" + id + "_panel'] li[data-label='" + label + "']");
        for (int attempt = 1; ; attempt++) {
            try {
                if (!browser.findElement(By.cssSelector("[id='" + id + "_panel']")).isDisplayed()) {
                    browser.findElement(By.id(id)).click();
                }
                wait.until(ExpectedConditions.elementToBeClickable(item)).click();
                new WebDriverWait(browser, Duration.ofSeconds(3)).until(ExpectedConditions.textToBe(By.id(id + "_label"), label));
                return;
            } catch (org.openqa.selenium.TimeoutException | org.openqa.selenium.ElementNotInteractableException
                    | org.openqa.selenium.StaleElementReferenceException notYet) {
                if (attempt == 5) {
                    throw notYet;
                }
                sleep(300);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void type(By field, String value) {
        type(browser.findElement(field), value);
    }

    private static void type(WebElement field, String value) {
        field.clear();
        field.sendKeys(value);
    }

    private static String text(By element) {
        return browser.findElement(element).getText();
    }

    private static List<String> texts(By elements) {
        return browser.findElements(elements).stream().map(WebElement::getText).toList();
    }

    private static long counter(String card, String code) {
        return Long.parseLong(text(By.cssSelector(card + " .counter[data-code='" + code + "'] .count")));
    }

    private static void screenshot(String name) throws Exception {
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private static String consoleHeader(String name) throws Exception {
        return TestClients.https(null, null).send(HttpRequest.newBuilder(URI.create(console("login.xhtml"))).build(),
                HttpResponse.BodyHandlers.discarding()).headers().firstValue(name).orElse("");
    }

    private static boolean crlLists(BigInteger serial, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        do {
            HttpResponse<byte[]> answer = TestClients.https(null, null).send(HttpRequest.newBuilder(URI.create("https://localhost:"
                    + TestClients.httpsPort() + "/.well-known/pki/crls/iss-local.crl")).build(), HttpResponse.BodyHandlers.ofByteArray());
            X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new java.io.ByteArrayInputStream(answer.body()));
            Set<? extends X509CRLEntry> revoked = crl.getRevokedCertificates();
            if (revoked != null && revoked.stream().anyMatch(entry -> entry.getSerialNumber().equals(serial))) {
                return true;
            }
            Thread.sleep(250);
        } while (Instant.now().isBefore(deadline));
        return false;
    }

    private static HttpResponse<String> enrollBasic(String subject, String password) throws Exception {
        return post(TestClients.https(null, null), "est/" + basic() + "/simpleenroll", subject,
                "Basic " + Base64.getEncoder().encodeToString(("device:" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static HttpResponse<String> enrollMtls(KeyPair keys, X509Certificate bootstrap, String subject) throws Exception {
        return post(TestClients.https(keys, bootstrap), "est-mtls/" + mtls() + "/simpleenroll", subject, null);
    }

    private static HttpResponse<String> post(HttpClient client, String path, String subject, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://localhost:" + TestClients.httpsPort() + "/.well-known/"
                        + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/pkcs10")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Base64.getEncoder().encode(
                        TestClients.csr(subject, TestClients.ecKeyPair()).getEncoded())));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
