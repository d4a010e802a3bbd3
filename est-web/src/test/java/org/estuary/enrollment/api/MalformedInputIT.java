package org.estuary.enrollment.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.annotation.Resource;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.sql.DataSource;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERTaggedObject;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.CertificationRequestInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X962Parameters;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.estuary.wire.CertsOnly;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Malformed input never yields a server error: a table of broken bodies, CSRs, paths, headers,
 * methods and slow clients, each sent byte for byte over its own TLS connection (nothing is
 * normalised by a client library). Every answer is a 4xx with a short {@code text/plain} reason and
 * a Content-Length (a 401 is a bare challenge, by design), never a 5xx, never a stack trace or a
 * class name; a slow client may also find its connection closed. The tally is printed for the
 * record. Two profiles: {@code open} (anonymous, serverkeygen, subject change on re-enrollment) and
 * {@code partner} (HTTP Basic).
 */
@ExtendWith(ArquillianExtension.class)
class MalformedInputIT {

    static final String PARTNER_PASSWORD = "partner-secret-for-malformed-input";

    /** A closed connection without an answer, and a connection held open past the client's patience. */
    static final int CLOSED = -1;
    static final int HELD_OPEN = -2;

    private static final Pattern INTERNALS = Pattern.compile(
            "Exception|Error:|\\tat |\\bat [a-z]+\\.|\\b(java|javax|jakarta|sun|com\\.sun|org|fish|io|net)\\.[a-z]+\\.[A-Za-z]");

    /**
     * Cases whose answer is wrong for a reason outside the wire codecs, the CSR policy and the
     * exception mapper, each with its cause: reported to their owners, printed on every run, not
     * failed. Remove an entry once its case passes.
     */
    static final Map<String, String> KNOWN = Map.ofEntries(
            Map.entry("GET '/.well-known/est/open/cacerts%'", "container: 200 with an empty body for a path it cannot decode"),
            Map.entry("GET '/.well-known/est/%2e%2e/%2e%2e/api/v1/admin/est/profiles'",
                    "container: 200 with an empty body for a path it cannot decode"),
            Map.entry("request line without a version", "container: an HTTP/0.9 request, answered without Content-Type"),
            Map.entry("asterisk target", "container: Payara's HTML error page (404, text/html) outside the JAX-RS application"));

    @Deployment
    static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("est.war")))
                .addClasses(MalformedInputIT.class, TestClients.class, TestRecords.class)
                .addAsResource(new StringAsset(String.join("\n",
                        "est.profiles=open,partner",
                        "est.profile.open.issuer-id=iss-local",
                        "est.profile.open.serverkeygen-enabled=true",
                        "est.profile.open.reenroll-allow-change-subject-name=true",
                        "est.profile.partner.issuer-id=iss-local",
                        "est.profile.partner.allowed-auth-modes=basic",
                        "est.profile.partner.enrollment-password=" + PARTNER_PASSWORD,
                        "")), "META-INF/microprofile-config.properties");
    }

    @Resource(lookup = "java:app/jdbc/estuary")
    DataSource database;

    /** What a case expects: a 4xx; anything below 500 (the server is lenient there by design); or 4xx/closed for slow clients. */
    enum Expect {
        CLIENT_ERROR, NOT_A_SERVER_ERROR, CLIENT_ERROR_OR_CLOSED, VERSION_NOT_SUPPORTED, SUCCESS
    }

    /**
     * One request: the bytes, sent in chunks with pauses, optionally half-closed, with optional client
     * keys. {@code known} names a defect outside the wire codecs, the CSR policy and the exception
     * mapper that this case shows: its problems are printed, not failed, until the owner fixes it.
     */
    record Case(String name, Expect expect, List<byte[]> chunks, long pauseMillis, boolean halfClose, boolean head,
            KeyManager[] keys, int patienceMillis, String known) {

        static Case of(String name, Expect expect, byte[] request) {
            return new Case(name, expect, List.of(request), 0, false, false, null, 20_000, null);
        }

        static Case of(String name, Expect expect, String request) {
            return of(name, expect, latin1(request));
        }

        Case withKeys(KeyManager[] clientKeys) {
            return new Case(name, expect, chunks, pauseMillis, halfClose, head, clientKeys, patienceMillis, known);
        }

        Case halfClosed() {
            return new Case(name, expect, chunks, pauseMillis, true, head, keys, patienceMillis, known);
        }

        Case headRequest() {
            return new Case(name, expect, chunks, pauseMillis, halfClose, true, keys, patienceMillis, known);
        }

        Case known(String defect) {
            return new Case(name, expect, chunks, pauseMillis, halfClose, head, keys, patienceMillis, defect);
        }

        static Case slow(String name, List<byte[]> chunks, long pauseMillis) {
            return new Case(name, Expect.CLIENT_ERROR_OR_CLOSED, chunks, pauseMillis, false, false, null,
                    Integer.getInteger("est.slow-client-patience-ms", 12_000), null);
        }
    }

    /** An answer as the bytes on the wire showed it; status {@link #CLOSED} or {@link #HELD_OPEN} when there was none. */
    record Answer(int status, Map<String, List<String>> headers, byte[] body, String head, long millis) {

        Answer(int status, Map<String, List<String>> headers, byte[] body, String head) {
            this(status, headers, body, head, 0);
        }

        Answer after(long elapsedMillis) {
            return new Answer(status, headers, body, head, elapsedMillis);
        }

        String header(String name) {
            List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
            return values == null ? null : values.get(0);
        }
    }

    @Test
    @RunAsClient
    void noMalformedRequestIsAnsweredWithAServerError() throws Exception {
        KeyPair enrolledKeys = TestClients.ecKeyPair();
        byte[] validCsr = TestClients.csr("CN=malformed-input-device", enrolledKeys).getEncoded();
        Answer enrolled = exchange(Case.of("enrolment for the re-enrollment cases", Expect.NOT_A_SERVER_ERROR,
                post("open/simpleenroll", "application/pkcs10", base64(validCsr))));
        assertEquals(200, enrolled.status(), new String(enrolled.body(), StandardCharsets.UTF_8));
        X509Certificate certificate = CertsOnly.decode(Base64.getMimeDecoder().decode(enrolled.body())).get(0);
        KeyManager[] clientKeys = TestClients.keyManagers(enrolledKeys, certificate);

        List<Case> cases = cases(validCsr, clientKeys);
        Map<Case, Answer> answers = new LinkedHashMap<>();
        ExecutorService slowClients = Executors.newFixedThreadPool(4);
        try {
            Map<Case, Future<Answer>> slow = new LinkedHashMap<>();
            for (Case c : cases) {
                if (c.expect() == Expect.CLIENT_ERROR_OR_CLOSED) {
                    slow.put(c, slowClients.submit(() -> exchange(c)));
                }
            }
            for (Case c : cases) {
                if (c.expect() != Expect.CLIENT_ERROR_OR_CLOSED) {
                    answers.put(c, exchange(c));
                }
            }
            for (var entry : slow.entrySet()) {
                answers.put(entry.getKey(), entry.getValue().get());
            }
        } finally {
            slowClients.shutdownNow();
        }

        List<String> problems = new ArrayList<>();
        List<String> knownProblems = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int serverErrors = 0;
        int knownServerErrors = 0;
        int versionNotSupported = 0;
        StringBuilder table = new StringBuilder();
        for (var entry : answers.entrySet()) {
            Case c = entry.getKey();
            Answer answer = entry.getValue();
            String status = answer.status() == CLOSED ? "closed" : answer.status() == HELD_OPEN ? "held" : String.valueOf(answer.status());
            statuses.merge(status, 1, Integer::sum);
            if (answer.status() >= 500) {
                serverErrors++;
                if (c.known() != null) {
                    knownServerErrors++;
                } else if (c.expect() == Expect.VERSION_NOT_SUPPORTED && answer.status() == 505) {
                    versionNotSupported++;
                }
            }
            List<String> found = problemsOf(c, answer);
            String note = c.known() != null ? "   [known: " + c.known() + "]"
                    : answer.status() >= 400 && answer.body().length == 0 && answer.status() != 401 ? "   [refused by the container]" : "";
            if (c.expect() == Expect.CLIENT_ERROR_OR_CLOSED) {
                note += String.format("   (after %.1f s)", answer.millis() / 1000.0);
            }
            table.append(String.format("  %-6s %s%s%n", status, c.name(), note));
            (c.known() != null ? knownProblems : problems).addAll(found);
            if (c.known() != null && found.isEmpty()) {
                table.append("         ^ passes now: remove it from KNOWN\n");
            }
        }
        StringBuilder tally = new StringBuilder("malformed input: " + answers.size() + " cases, " + serverErrors + " × 5xx ("
                + versionNotSupported
                + " × 505 to HTTP/9.9, RFC 9110's answer; " + knownServerErrors + " known and reported); statuses");
        statuses.forEach((status, count) -> tally.append(' ').append(status).append('×').append(count));
        System.out.print(table);
        System.out.println(tally);
        knownProblems.forEach(problem -> System.out.println("known: " + problem.lines().findFirst().orElse("")));
        assertTrue(problems.isEmpty(), tally + "\n" + String.join("\n", problems));
    }

    /**
     * "Bad input gets a clear short error with the right status and an audit row": every refused
     * enrollment on the anonymous profile leaves one failure row, whatever broke the body.
     */
    @Test
    void everyRefusedEnrollmentLeavesAnAuditRow() throws Exception {
        TestRecords records = new TestRecords(database);
        Map<String, byte[]> bodies = garbageBodies(TestClients.csr("CN=audited", TestClients.ecKeyPair()).getEncoded());
        long enrollBefore = records.countAudit("est_simple_enroll_failed", null);
        long keygenBefore = records.countAudit("est_server_keygen_failed", null);

        List<String> unexpected = new ArrayList<>();
        for (var body : bodies.entrySet()) {
            for (String operation : List.of("simpleenroll", "serverkeygen")) {
                if (operation.equals("serverkeygen") && onlyTheSignatureIsWrong(body.getKey())) {
                    continue;
                }
                Answer answer = exchange(Case.of(body.getKey(), Expect.CLIENT_ERROR,
                        post("open/" + operation, "application/pkcs10", body.getValue())));
                if (answer.status() < 400 || answer.status() >= 500) {
                    unexpected.add(operation + " " + body.getKey() + " -> " + answer.status());
                }
            }
        }

        assertEquals(List.of(), unexpected);
        assertEquals(enrollBefore + bodies.size(), records.countAudit("est_simple_enroll_failed", null),
                "one est_simple_enroll_failed row per refused simpleenroll");
        long keygenRefusals = bodies.keySet().stream().filter(name -> !onlyTheSignatureIsWrong(name)).count();
        assertEquals(keygenBefore + keygenRefusals, records.countAudit("est_server_keygen_failed", null),
                "one est_server_keygen_failed row per refused serverkeygen");
    }

    // --- the table --------------------------------------------------------------------------------

    private static List<Case> cases(byte[] validCsr, KeyManager[] clientKeys) throws Exception {
        List<Case> cases = new ArrayList<>();
        Map<String, byte[]> garbage = garbageBodies(validCsr);
        Map<String, byte[]> absurd = absurdCsrs();

        // Every broken body at every operation that reads one.
        for (var body : garbage.entrySet()) {
            cases.add(Case.of("simpleenroll: " + body.getKey(), Expect.CLIENT_ERROR,
                    post("open/simpleenroll", "application/pkcs10", body.getValue())));
            // serverkeygen ignores the CSR's key and signature (RFC 7030 §4.4.1): a CSR broken only there is served.
            cases.add(Case.of("serverkeygen: " + body.getKey(), onlyTheSignatureIsWrong(body.getKey())
                    ? Expect.NOT_A_SERVER_ERROR : Expect.CLIENT_ERROR, post("open/serverkeygen", "application/pkcs10", body.getValue())));
            cases.add(Case.of("simplereenroll (client certificate): " + body.getKey(), Expect.CLIENT_ERROR,
                    post("open/simplereenroll", "application/pkcs10", body.getValue())).withKeys(clientKeys));
        }
        for (String name : List.of("empty body", "garbage base64", "DER that is not a CSR: the CA certificate",
                "CSR with a flipped signature bit", "70 KB of base64")) {
            byte[] body = garbage.get(name);
            cases.add(Case.of("fullcmc: " + name, Expect.CLIENT_ERROR, post("open/fullcmc", "application/pkcs7-mime", body)));
            cases.add(Case.of("POST csrattrs: " + name, Expect.CLIENT_ERROR, post("open/csrattrs", "application/csrattrs", body)));
            cases.add(Case.of("simplereenroll (no client certificate): " + name, Expect.CLIENT_ERROR,
                    post("open/simplereenroll", "application/pkcs10", body)));
            cases.add(Case.of("partner simpleenroll without credentials: " + name, Expect.CLIENT_ERROR,
                    post("partner/simpleenroll", "application/pkcs10", body)));
            cases.add(Case.of("partner simpleenroll with credentials: " + name, Expect.CLIENT_ERROR,
                    post("partner/simpleenroll", "application/pkcs10", body, "Authorization: " + basic("partner", PARTNER_PASSWORD))));
        }
        cases.add(Case.of("GET csrattrs with a garbage body", Expect.NOT_A_SERVER_ERROR,
                "GET /.well-known/est/open/csrattrs HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 12\r\n\r\n!!garbage!!!"));
        cases.add(Case.of("GET cacerts with a garbage body", Expect.NOT_A_SERVER_ERROR,
                "GET /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 12\r\n\r\n!!garbage!!!"));

        // Well-formed, signed CSRs asking for absurd things.
        for (var csr : absurd.entrySet()) {
            Expect expect = csr.getKey().startsWith("(well-formed)") ? Expect.NOT_A_SERVER_ERROR : Expect.CLIENT_ERROR;
            cases.add(Case.of("simpleenroll: " + csr.getKey(), expect, post("open/simpleenroll", "application/pkcs10", csr.getValue())));
            cases.add(Case.of("serverkeygen: " + csr.getKey(), Expect.NOT_A_SERVER_ERROR,
                    post("open/serverkeygen", "application/pkcs10", csr.getValue())));
            cases.add(Case.of("simplereenroll: " + csr.getKey(), Expect.CLIENT_ERROR,
                    post("open/simplereenroll", "application/pkcs10", csr.getValue())).withKeys(clientKeys));
        }
        for (var csr : serverkeygenCsrs().entrySet()) {
            cases.add(Case.of("serverkeygen: " + csr.getKey(), Expect.CLIENT_ERROR, post("open/serverkeygen", "application/pkcs10", csr.getValue())));
        }
        for (var csr : reenrollmentCsrs().entrySet()) {
            cases.add(Case.of("simplereenroll: " + csr.getKey(), Expect.CLIENT_ERROR,
                    post("open/simplereenroll", "application/pkcs10", csr.getValue())).withKeys(clientKeys));
        }

        // Media types: the body is read as base64 whatever its declared type (RFC 8951 §3.2), never 415.
        byte[] junk = latin1("<html>not a CSR</html>");
        for (String type : List.of("text/html", "application/json", "multipart/form-data; boundary=----x",
                "application/x-www-form-urlencoded", "application/x-pem-file", ";;;", "application/pkcs10; charset=\"unterminated",
                "\u00ff\u00fe/\u00e9")) {
            cases.add(Case.of("Content-Type " + printable(type) + " with a garbage body", Expect.CLIENT_ERROR,
                    post("open/simpleenroll", type, junk)));
        }
        cases.add(Case.of("no Content-Type with a garbage body", Expect.CLIENT_ERROR, post("open/simpleenroll", null, junk)));
        cases.add(Case.of("Content-Type text/html with a valid CSR (accepted by design)", Expect.NOT_A_SERVER_ERROR,
                post("open/simpleenroll", "text/html", base64(TestClients.csr("CN=html-typed", TestClients.ecKeyPair()).getEncoded()))));

        // Accept: never 406 (DESIGN.md "Wire rules"), and one that does not parse is as good as none.
        for (String accept : List.of("text/html", "application/json", "*/*;q=banana", ";;;,,,", "application/pkcs7-mime; q=2; q=3",
                "\u00ff\u00fe", "", "x/".repeat(2000))) {
            // Grizzly's HTTP/1.1 parser refuses any header holding 8-bit octets with a bare 400 (HTTP/2 lets them through).
            cases.add(Case.of("GET cacerts, Accept " + printable(accept), accept.startsWith("\u00ff") ? Expect.NOT_A_SERVER_ERROR : Expect.SUCCESS,
                    "GET /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nAccept: " + accept + "\r\n\r\n"));
            cases.add(Case.of("garbage simpleenroll, Accept " + printable(accept), Expect.CLIENT_ERROR,
                    post("open/simpleenroll", "application/pkcs10", junk, "Accept: " + accept)));
        }

        // Labels and paths.
        for (String path : List.of("/.well-known/est/../cacerts", "/.well-known/est/open/../cacerts", "/.well-known/est/%2e%2e/cacerts",
                "/.well-known/est/%2e%2e/%2e%2e/api/v1/admin/est/profiles", "/.well-known/est/..%2fcacerts",
                "/.well-known/est/UPPER/cacerts", "/.well-known/est/OPEN/cacerts", "/.well-known/est/est/cacerts",
                "/.well-known/est/" + "a".repeat(300) + "/cacerts", "/.well-known/est/" + "a".repeat(20_000) + "/cacerts",
                "/.well-known/est/%C3%A9t%C3%A9/cacerts", "/.well-known/est/\u00c3\u00a9t\u00c3\u00a9/cacerts",
                "/.well-known/est/%F0%9F%92%A9/cacerts", "/.well-known/est/%00/cacerts", "/.well-known/est/open%2Fcacerts",
                "/.well-known/est//cacerts", "/.well-known/est/-open-/cacerts", "/.well-known/est/open/cacerts/extra",
                "/.well-known/est/open/CACERTS", "/.well-known/est/open/cacerts%", "/.well-known/est/open/cacerts?x=%zz",
                "/.well-known/est/cacerts", "/.well-known/est-mtls/open/cacerts", "/.well-known/est/open/nothing",
                "/.well-known/est/open;x=y/cacerts", "/.well-known/est/open/cacerts;jsessionid=1")) {
            // Path parameters and the query are not part of the EST path: those requests are served.
            Expect expect = path.contains(";") || path.contains("?") ? Expect.NOT_A_SERVER_ERROR : Expect.CLIENT_ERROR;
            cases.add(Case.of("GET " + printable(abbreviated(path)), expect, "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        }
        cases.add(Case.of("POST to a label with a NUL byte", Expect.CLIENT_ERROR,
                "POST /.well-known/est/op%00en/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 4\r\n\r\nMIIB"));

        // Methods: 405 on EST paths.
        for (String method : List.of("PUT", "DELETE", "PATCH")) {
            for (String operation : List.of("simpleenroll", "simplereenroll", "serverkeygen", "cacerts", "csrattrs", "fullcmc")) {
                cases.add(Case.of(method + " " + operation, Expect.CLIENT_ERROR, request(method, "open/" + operation, "application/pkcs10", junk)));
            }
        }
        cases.add(Case.of("GET simpleenroll", Expect.CLIENT_ERROR, "GET /.well-known/est/open/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.add(Case.of("POST cacerts", Expect.CLIENT_ERROR, post("open/cacerts", "application/pkcs10", junk)));
        cases.add(Case.of("TRACE cacerts", Expect.CLIENT_ERROR, "TRACE /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.add(Case.of("FOO cacerts", Expect.CLIENT_ERROR, "FOO /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.add(Case.of("lower-case post", Expect.CLIENT_ERROR, "post /.well-known/est/open/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("OPTIONS cacerts", Expect.NOT_A_SERVER_ERROR, "OPTIONS /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.add(Case.of("HEAD cacerts", Expect.NOT_A_SERVER_ERROR, "HEAD /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").headRequest());
        cases.add(Case.of("HTTP/2.0 in an HTTP/1 request line", Expect.CLIENT_ERROR, "GET /.well-known/est/open/nothing HTTP/2.0\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.add(Case.of("HTTP/9.9 request line", Expect.VERSION_NOT_SUPPORTED, "GET /.well-known/est/open/nothing HTTP/9.9\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.add(Case.of("request line without a version", Expect.CLIENT_ERROR, "GET /.well-known/est/open/nothing\r\nHost: localhost\r\n\r\n"));
        cases.add(Case.of("absolute-form target", Expect.CLIENT_ERROR, "POST https://localhost/.well-known/est/open/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("asterisk target", Expect.CLIENT_ERROR, "POST * HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 4\r\n\r\nMIIB"));

        // Header injection and framing.
        String enroll = "POST /.well-known/est/open/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
        cases.add(Case.of("bare CR inside a header value", Expect.CLIENT_ERROR, enroll + "X-Note: a\rInjected: yes\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("bare LF inside a header value", Expect.CLIENT_ERROR, enroll + "X-Note: a\nInjected: yes\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("bare LF line ends throughout", Expect.CLIENT_ERROR,
                "POST /.well-known/est/open/simpleenroll HTTP/1.1\nHost: localhost\nConnection: close\nContent-Length: 4\n\nMIIB"));
        cases.add(Case.of("CR LF in the Content-Type value", Expect.CLIENT_ERROR, enroll + "Content-Type: application/pkcs10\r\n\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("header line without a colon", Expect.CLIENT_ERROR, enroll + "this is no header\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("obsolete folded header line", Expect.CLIENT_ERROR, enroll + "Content-Type: application/pkcs10\r\n  ; folded\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("NUL in a header value", Expect.CLIENT_ERROR, enroll + "Content-Type: application/\u0000pkcs10\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("space before the colon", Expect.CLIENT_ERROR, enroll + "Content-Length : 4\r\n\r\nMIIB"));
        cases.add(Case.of("duplicate Content-Length, equal", Expect.CLIENT_ERROR, enroll + "Content-Length: 4\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("duplicate Content-Length, different", Expect.CLIENT_ERROR, enroll + "Content-Length: 4\r\nContent-Length: 2\r\n\r\nMIIB"));
        cases.add(Case.of("Content-Length list", Expect.CLIENT_ERROR, enroll + "Content-Length: 4, 4\r\n\r\nMIIB"));
        for (String length : List.of("-1", "abc", "99999999999999999999", "1e3", "+4", "0x4", " ")) {
            cases.add(Case.of("Content-Length " + printable(length), Expect.CLIENT_ERROR, enroll + "Content-Length: " + length + "\r\n\r\nMIIB"));
        }
        cases.add(Case.of("Content-Length larger than the body, then half-closed", Expect.CLIENT_ERROR_OR_CLOSED,
                enroll + "Content-Length: 1000\r\n\r\nMIIBdummy").halfClosed());
        cases.add(Case.of("chunked with a broken chunk size", Expect.CLIENT_ERROR, enroll + "Transfer-Encoding: chunked\r\n\r\nzz\r\nMIIB\r\n0\r\n\r\n"));
        cases.add(Case.of("chunked, a chunk longer than announced", Expect.CLIENT_ERROR, enroll + "Transfer-Encoding: chunked\r\n\r\n2\r\nMIIBxx\r\n0\r\n\r\n"));
        cases.add(Case.of("chunked, a chunk size of 2^64", Expect.CLIENT_ERROR, enroll + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nMIIB\r\n0\r\n\r\n"));
        cases.add(Case.of("chunked without the last chunk, then half-closed", Expect.CLIENT_ERROR_OR_CLOSED,
                enroll + "Transfer-Encoding: chunked\r\n\r\n4\r\nMIIB\r\n").halfClosed());
        cases.add(Case.of("chunked and Content-Length both", Expect.CLIENT_ERROR, enroll + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nMIIB\r\n0\r\n\r\n"));
        cases.add(Case.of("chunked garbage body", Expect.CLIENT_ERROR, enroll + "Transfer-Encoding: chunked\r\n\r\n4\r\n!!!!\r\n0\r\n\r\n"));
        cases.add(Case.of("Transfer-Encoding gzip", Expect.CLIENT_ERROR, enroll + "Transfer-Encoding: gzip\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("Transfer-Encoding of an unknown coding", Expect.CLIENT_ERROR, enroll + "Transfer-Encoding: sideways\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("Content-Encoding gzip on a base64 body", Expect.CLIENT_ERROR, enroll + "Content-Encoding: gzip\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("Expect: 100-continue with a garbage body", Expect.CLIENT_ERROR, enroll + "Expect: 100-continue\r\nContent-Length: 4\r\n\r\n!!!!"));
        cases.add(Case.of("Expect of an unknown expectation", Expect.CLIENT_ERROR, enroll + "Expect: the-unexpected\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("no Host header", Expect.CLIENT_ERROR, "POST /.well-known/est/open/simpleenroll HTTP/1.1\r\nConnection: close\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("two Host headers", Expect.CLIENT_ERROR, enroll + "Host: elsewhere\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("a second request smuggled after an empty body", Expect.CLIENT_ERROR,
                enroll + "Content-Length: 0\r\n\r\nDELETE /.well-known/est/open/cacerts HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        cases.add(Case.of("a 16 KB header", Expect.CLIENT_ERROR, enroll + "X-Big: " + "b".repeat(16_384) + "\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("a 100 KB header", Expect.CLIENT_ERROR, enroll + "X-Big: " + "b".repeat(100_000) + "\r\nContent-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("2000 headers", Expect.CLIENT_ERROR, enroll + "X-Many: m\r\n".repeat(2000) + "Content-Length: 4\r\n\r\nMIIB"));
        cases.add(Case.of("8-bit octets in a header name", Expect.CLIENT_ERROR, enroll + "X-\u00e9t\u00e9: 1\r\nContent-Length: 4\r\n\r\nMIIB"));

        // Basic credentials that are not.
        String partner = "POST /.well-known/est/partner/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
        for (String authorization : List.of("Basic", "Basic ", "Basic !!!not base64!!!", "Basic " + base64String("no-colon"),
                "Basic " + base64String("partner:wrong"), "Basic " + base64String("\u00ff\u00fe:\u0000"), "Bearer abc", "Digest x=y",
                "Basic " + "A".repeat(20_000), "basic " + base64String("partner:" + PARTNER_PASSWORD) + " trailing")) {
            cases.add(Case.of("partner, Authorization " + printable(abbreviated(authorization)), Expect.CLIENT_ERROR,
                    partner + "Authorization: " + authorization + "\r\nContent-Length: 4\r\n\r\nMIIB"));
        }

        // Size: at most 64 KiB + 1 octets are read; 413.
        cases.add(Case.of("10 MB body", Expect.CLIENT_ERROR_OR_CLOSED, concat(latin1(enroll + "Content-Length: 10485760\r\n\r\n"),
                repeated((byte) 'A', 10 * 1024 * 1024))));
        cases.add(Case.of("10 MB body, chunked", Expect.CLIENT_ERROR_OR_CLOSED, chunked(enroll, 10 * 1024 * 1024)));
        cases.add(Case.of("10 MB body to serverkeygen", Expect.CLIENT_ERROR_OR_CLOSED,
                concat(latin1("POST /.well-known/est/open/serverkeygen HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                        + "Content-Length: 10485760\r\n\r\n"), repeated((byte) 'A', 10 * 1024 * 1024))));

        // Slow clients: the server must answer, or close, but not hang and not fail.
        byte[] trickled = latin1("MIIB!!!!garbage!!!!");
        List<byte[]> oneByteAtATime = new ArrayList<>();
        oneByteAtATime.add(latin1(enroll + "Content-Length: " + trickled.length + "\r\n\r\n"));
        for (byte b : trickled) {
            oneByteAtATime.add(new byte[] {b});
        }
        cases.add(Case.slow("slow client: body trickled a byte every 400 ms", oneByteAtATime, 400));
        cases.add(Case.slow("slow client: stops mid-body", List.of(latin1(enroll + "Content-Length: 1000\r\n\r\nMIIBdummy")), 0));
        cases.add(Case.slow("slow client: head and no body", List.of(latin1(enroll + "Content-Length: 1000\r\n\r\n")), 0));
        List<byte[]> slowHead = new ArrayList<>();
        for (byte b : latin1(enroll + "X-Slow: " + "s".repeat(40))) {
            slowHead.add(new byte[] {b});
        }
        cases.add(Case.slow("slow client: head trickled a byte every 100 ms, never finished", slowHead, 100));
        cases.add(Case.of("DELETE simpleenroll without a body", Expect.CLIENT_ERROR,
                "DELETE /.well-known/est/open/simpleenroll HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
        cases.replaceAll(c -> KNOWN.containsKey(c.name()) ? c.known(KNOWN.get(c.name())) : c);
        return cases;
    }

    /** True for a body that is a well-formed CSR whose key or signature is wrong: what serverkeygen ignores. */
    static boolean onlyTheSignatureIsWrong(String body) {
        return body.contains("signature") || body.contains("signed with another key");
    }

    /** Bodies that are not a CSR, or not a valid one. */
    static Map<String, byte[]> garbageBodies(byte[] validCsr) throws Exception {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        String text = Base64.getEncoder().encodeToString(validCsr);
        bodies.put("empty body", new byte[0]);
        bodies.put("white space only", latin1(" \r\n\t \r\n"));
        bodies.put("truncated base64 (mid-quantum)", latin1(text.substring(0, 101)));
        bodies.put("truncated base64 (whole quanta)", latin1(text.substring(0, 200)));
        bodies.put("garbage base64", latin1("This is ~not~ base64 at all: {}[]<>!@#$%^&*()"));
        bodies.put("base64 with a NUL and 8-bit octets", concat(latin1(text.substring(0, 40)), new byte[] {0, (byte) 0xff, (byte) 0xfe},
                latin1(text.substring(40))));
        bodies.put("base64 of text", base64(latin1("hello, I am not DER at all")));
        byte[] random = new byte[300];
        new Random(7030).nextBytes(random);
        bodies.put("base64 of random octets", base64(random));
        bodies.put("DER that is not a CSR: the CA certificate", base64(TestClients.serverCa().getEncoded()));
        bodies.put("DER that is not a CSR: SEQUENCE { INTEGER 1 }", base64(new DERSequence(new ASN1Integer(1)).getEncoded()));
        bodies.put("DER that is not a CSR: NULL", latin1("BQA="));
        bodies.put("DER that is not a CSR: a CsrAttrs", base64(new DERSequence(PKCSObjectIdentifiers.pkcs_9_at_challengePassword).getEncoded()));
        bodies.put("raw DER, truncated", Arrays.copyOf(validCsr, validCsr.length / 2));
        bodies.put("DER with a length of 2 GB", new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x02, 0x01, 0x01});
        bodies.put("4000 nested SEQUENCEs", base64(nested(4000)));
        byte[] flipped = validCsr.clone();
        flipped[flipped.length - 5] ^= 0x10;
        bodies.put("CSR with a flipped signature bit", base64(flipped));
        bodies.put("CSR signed with another key", base64(resigned(validCsr, TestClients.ecKeyPair(), "SHA256withECDSA",
                new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256))));
        bodies.put("CSR with an EC key and an RSA signature algorithm", base64(withSignature(validCsr,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE), null)));
        bodies.put("CSR with an unknown signature algorithm", base64(withSignature(validCsr,
                new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.3.4.5.6.7")), null)));
        bodies.put("CSR with an RSASSA-PSS signature of malformed parameters", base64(withSignature(validCsr,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, new DERUTF8String("not parameters")), null)));
        bodies.put("CSR with an empty signature", base64(withSignature(validCsr, null, new byte[0])));
        bodies.put("PEM armour without END", latin1("-----BEGIN CERTIFICATE REQUEST-----\n" + text + "\n"));
        bodies.put("PEM armour around garbage", latin1("-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n"));
        bodies.put("PEM armour, END before BEGIN", latin1("-----END X-----\n" + text + "\n-----BEGIN X-----"));
        bodies.put("RSA key with a 16384-bit modulus and a bogus signature", base64(rsaCsrWithBogusSignature(16384, 17)));
        bodies.put("RSA key with a 100000-bit modulus and a bogus signature", base64(rsaCsrWithBogusSignature(100_000, 17)));
        bodies.put("RSA key with a 16384-bit exponent and a bogus signature", base64(rsaCsrWithBogusSignature(16384, 16384)));
        bodies.put("EC key with explicit curve parameters and a bogus signature", base64(explicitCurveCsr()));
        bodies.put("70 KB of base64", repeated((byte) 'A', 70 * 1024));
        bodies.put("64 KiB + 1 of white space", repeated((byte) ' ', 64 * 1024 + 1));
        return bodies;
    }

    /** Signed, well-formed CSRs that ask for absurd or malformed things; "(well-formed)" ones may be issued. */
    static Map<String, byte[]> absurdCsrs() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        Map<String, byte[]> csrs = new LinkedHashMap<>();
        GeneralName[] manyNames = new GeneralName[10_000];
        Arrays.fill(manyNames, new GeneralName(GeneralName.dNSName, "a"));
        csrs.put("(well-formed) 10 000 SANs", base64(signed(new X500Name("CN=many-names"), keys,
                extensionRequest(Extension.subjectAlternativeName, new GeneralNames(manyNames).getEncoded()))));
        csrs.put("SAN of an unknown GeneralName type [9]", base64(signed(new X500Name("CN=unknown-san"), keys,
                extensionRequest(Extension.subjectAlternativeName, new DERSequence(new DERTaggedObject(false, 9, new DEROctetString(new byte[] {1}))).getEncoded()))));
        csrs.put("SAN x400Address", base64(signed(new X500Name("CN=x400"), keys,
                extensionRequest(Extension.subjectAlternativeName, new DERSequence(new DERTaggedObject(false, 3, new DERSequence())).getEncoded()))));
        csrs.put("SAN iPAddress of five octets", base64(signed(new X500Name("CN=ip5"), keys,
                extensionRequest(Extension.subjectAlternativeName, new GeneralNames(new GeneralName(GeneralName.iPAddress,
                        new DEROctetString(new byte[] {10, 0, 0, 1, 9}))).getEncoded()))));
        csrs.put("SAN that is not GeneralNames", base64(signed(new X500Name("CN=san-text"), keys,
                extensionRequest(Extension.subjectAlternativeName, new DERUTF8String("dns:example.com").getEncoded()))));
        csrs.put("extendedKeyUsage that is not a SEQUENCE OF OID", base64(signed(new X500Name("CN=eku"), keys,
                extensionRequest(Extension.extendedKeyUsage, new DERSequence(new DERUTF8String("serverAuth")).getEncoded()))));
        csrs.put("extensionRequest that is not Extensions", base64(signed(new X500Name("CN=ext"), keys,
                new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, new DERSet(new DERUTF8String("no"))))));
        csrs.put("subject attribute type that is not an OID", base64(signed(X500Name.getInstance(new DERSequence(new DERSet(
                new DERSequence(new ASN1Encodable[] {new DEROctetString(new byte[] {1}), new DERUTF8String("x")})))), keys)));
        csrs.put("CN that is not UTF-8", base64(signed(new X500Name(new RDN[] {new RDN(BCStyle.CN,
                ASN1Primitive.fromByteArray(new byte[] {0x0c, 2, (byte) 0xff, (byte) 0xfe}))}), keys)));
        csrs.put("empty subject and no subjectAltName", base64(signed(new X500Name(new RDN[0]), keys)));
        csrs.put("(well-formed) CN of 20 000 characters", base64(signed(new X500Name(new RDN[] {new RDN(BCStyle.CN,
                new DERUTF8String("c".repeat(20_000)))}), keys)));
        csrs.put("(well-formed) challengePassword that is an INTEGER", base64(signed(new X500Name("CN=challenge"), keys,
                new Attribute(PKCSObjectIdentifiers.pkcs_9_at_challengePassword, new DERSet(new ASN1Integer(7))))));
        csrs.put("(well-formed) serialNumber attribute twice", base64(signed(new X500Name("CN=serials"), keys,
                new Attribute(BCStyle.SERIALNUMBER, new DERSet(new ASN1Encodable[] {new DERUTF8String("1"), new DERUTF8String("2")})))));
        return csrs;
    }

    /** CSRs that steer how a server-generated key travels (RFC 7030 §4.4.1.1, §4.4.1.2), wrongly. */
    static Map<String, byte[]> serverkeygenCsrs() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        ASN1ObjectIdentifier decryptKeyId = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.37");
        ASN1ObjectIdentifier asymmetricDecryptKeyId = new ASN1ObjectIdentifier("1.2.840.113549.1.9.16.2.54");
        Map<String, byte[]> csrs = new LinkedHashMap<>();
        csrs.put("DecryptKeyIdentifier naming no key", base64(signed(new X500Name("CN=kek"), keys,
                new Attribute(decryptKeyId, new DERSet(new DEROctetString(latin1("../../etc/passwd")))))));
        csrs.put("DecryptKeyIdentifier that is a UTF8String", base64(signed(new X500Name("CN=kek"), keys,
                new Attribute(decryptKeyId, new DERSet(new DERUTF8String("key-1"))))));
        csrs.put("DecryptKeyIdentifier with no value", base64(signed(new X500Name("CN=kek"), keys,
                new Attribute(decryptKeyId, new DERSet()))));
        csrs.put("AsymmetricDecryptKeyIdentifier naming no key", base64(signed(new X500Name("CN=asym"), keys,
                new Attribute(asymmetricDecryptKeyId, new DERSet(new DEROctetString(new byte[20]))))));
        csrs.put("SMIMECapabilities that is not a SEQUENCE", base64(signed(new X500Name("CN=smime"), keys,
                new Attribute(PKCSObjectIdentifiers.pkcs_9_at_smimeCapabilities, new DERSet(new DERUTF8String("aes"))))));
        // The CSR's signature is ignored on serverkeygen: a 128-bit RSA key can ask to have the private key encrypted to it.
        BigInteger tiny = BigInteger.probablePrime(64, new SecureRandom()).multiply(BigInteger.probablePrime(64, new SecureRandom()));
        SubjectPublicKeyInfo tinyKey = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(tiny, BigInteger.valueOf(65537)));
        byte[] tinyKeyId = new JcaX509ExtensionUtils().createSubjectKeyIdentifier(tinyKey).getKeyIdentifier();
        csrs.put("AsymmetricDecryptKeyIdentifier naming the CSR's own 128-bit RSA key", base64(unsignedCsr(new X500Name("CN=tiny"),
                tinyKey, new Attribute(asymmetricDecryptKeyId, new DERSet(new DEROctetString(tinyKeyId))))));
        return csrs;
    }

    /** Re-enrollment CSRs whose names cannot be compared with the certificate being renewed. */
    static Map<String, byte[]> reenrollmentCsrs() throws Exception {
        KeyPair keys = TestClients.ecKeyPair();
        ASN1ObjectIdentifier changeSubjectName = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.7.36");
        Map<String, byte[]> csrs = new LinkedHashMap<>();
        csrs.put("ChangeSubjectName with no value", base64(signed(new X500Name("CN=malformed-input-device"), keys,
                new Attribute(changeSubjectName, new DERSet()))));
        csrs.put("ChangeSubjectName that is a UTF8String", base64(signed(new X500Name("CN=malformed-input-device"), keys,
                new Attribute(changeSubjectName, new DERSet(new DERUTF8String("CN=someone-else"))))));
        csrs.put("ChangeSubjectName holding a Name with a non-OID type", base64(signed(new X500Name("CN=malformed-input-device"), keys,
                new Attribute(changeSubjectName, new DERSet(new DERSequence(new DERSequence(new DERSet(new DERSequence(
                        new ASN1Encodable[] {new DERUTF8String("CN"), new DERUTF8String("x")})))))))));
        return csrs;
    }

    // --- the wire -----------------------------------------------------------------------------------

    /** Sends the case's chunks on a fresh TLS connection (from a second thread) and reads the answer until the client's patience ends. */
    static Answer exchange(Case c) throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(c.keys(), new TrustManager[] {TestClients.trustingServerCa()}, null);
        ExecutorService writer = Executors.newSingleThreadExecutor();
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", TestClients.httpsPort())) {
            socket.setSoTimeout(c.patienceMillis());
            socket.startHandshake();
            OutputStream out = socket.getOutputStream();
            writer.submit(() -> {
                try {
                    for (int i = 0; i < c.chunks().size(); i++) {
                        byte[] chunk = c.chunks().get(i);
                        for (int at = 0; at < chunk.length; at += 16_384) {
                            out.write(chunk, at, Math.min(16_384, chunk.length - at));
                        }
                        out.flush();
                        if (c.pauseMillis() > 0 && i < c.chunks().size() - 1) {
                            Thread.sleep(c.pauseMillis());
                        }
                    }
                    if (c.halfClose()) {
                        socket.shutdownOutput();
                    }
                } catch (IOException | InterruptedException | UnsupportedOperationException stopped) {
                    // the server closed, or the test is done: either way the answer decides
                }
                return null;
            });
            long start = System.nanoTime();
            Answer answer = read(socket.getInputStream(), c.head(), start + c.patienceMillis() * 1_000_000L);
            return answer.after((System.nanoTime() - start) / 1_000_000);
        } finally {
            writer.shutdownNow();
        }
    }

    private static Answer read(InputStream in, boolean headRequest, long deadline) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        byte[] buffer = new byte[16_384];
        int headEnd = -1;
        long contentLength = -1;
        Answer answer = null;
        try {
            while (true) {
                if (System.nanoTime() > deadline) {
                    throw new SocketTimeoutException("patience ended");
                }
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                received.write(buffer, 0, n);
                byte[] bytes = received.toByteArray();
                if (headEnd < 0) {
                    headEnd = TestClients.indexOf(bytes, latin1("\r\n\r\n"));
                    if (headEnd >= 0) {
                        answer = parse(bytes, headEnd);
                        String length = answer.header("Content-Length");
                        contentLength = headRequest || answer.status() == 204 || answer.status() == 304 ? 0
                                : length == null ? -1 : Long.parseLong(length.strip());
                    }
                }
                if (headEnd >= 0 && contentLength >= 0 && bytes.length - headEnd - 4 >= contentLength) {
                    break;
                }
            }
        } catch (SocketTimeoutException patienceEnded) {
            if (headEnd < 0) {
                return new Answer(HELD_OPEN, Map.of(), new byte[0], "");
            }
        } catch (IOException reset) {
            if (headEnd < 0) {
                return new Answer(CLOSED, Map.of(), new byte[0], "");
            }
        }
        byte[] bytes = received.toByteArray();
        if (headEnd < 0) {
            return new Answer(CLOSED, Map.of(), bytes, "");
        }
        return parse(bytes, headEnd);
    }

    private static Answer parse(byte[] received, int headEnd) {
        String head = new String(received, 0, headEnd, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>(head.lines().toList());
        String[] statusLine = lines.remove(0).split(" ", 3);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String line : lines) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(line.substring(colon + 1).strip());
            }
        }
        int status;
        try {
            status = Integer.parseInt(statusLine[1]);
        } catch (RuntimeException notHttp) {
            status = 0;
        }
        return new Answer(status, headers, Arrays.copyOfRange(received, headEnd + 4, received.length), head);
    }

    /** What is wrong with an answer: the status, a missing or wrong Content-Length, a body that is not short text. */
    static List<String> problemsOf(Case c, Answer answer) {
        List<String> problems = new ArrayList<>();
        String what = c.name() + " -> " + (answer.status() < 0 ? (answer.status() == CLOSED ? "closed" : "held open") : answer.head());
        int status = answer.status();
        boolean allowed = switch (c.expect()) {
            case CLIENT_ERROR -> status >= 400 && status < 500;
            case NOT_A_SERVER_ERROR -> status >= 100 && status < 500;
            case CLIENT_ERROR_OR_CLOSED -> status >= 400 && status < 500 || status == CLOSED || status == HELD_OPEN;
            // RFC 9110 §15.6.6: 505 is the answer to a major version the server does not support.
            case VERSION_NOT_SUPPORTED -> status >= 400 && status < 500 || status == 505;
            case SUCCESS -> status == 200;
        };
        if (!allowed) {
            problems.add("unexpected status: " + what + bodyText(answer));
        }
        if (status < 100) {
            return problems;
        }
        String length = answer.header("Content-Length");
        if (length == null) {
            problems.add("no Content-Length: " + what);
        } else if (!c.head() && status != 204 && !length.strip().equals(String.valueOf(answer.body().length))) {
            problems.add("Content-Length " + length + " but " + answer.body().length + " octets: " + what);
        }
        if (answer.header("Transfer-Encoding") != null) {
            problems.add("chunked answer: " + what);
        }
        if (status >= 400 && answer.body().length > 0) {
            String type = answer.header("Content-Type");
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("text/plain")) {
                problems.add("error body is not text/plain: " + what + bodyText(answer));
            }
            String text = new String(answer.body(), StandardCharsets.UTF_8);
            if (INTERNALS.matcher(text).find() || text.length() > 300) {
                problems.add("error body shows internals or is not short: " + what + bodyText(answer));
            }
        }
        if (status >= 400 && answer.body().length == 0 && status != 401
                && !("0".equals(length) && answer.header("Content-Type") == null)) {
            // Empty is by design for the 401 challenge, and how the container and Jersey refuse what never
            // reaches the application (a broken request line, header or framing): Content-Length 0, no type.
            problems.add("empty error body that is neither the 401 challenge nor a bare container refusal: " + what);
        }
        if (status == 401 && !"Basic realm=\"estuary\"".equals(answer.header("WWW-Authenticate"))) {
            problems.add("401 without the Basic challenge: " + what);
        }
        if (status == 405 && answer.header("Allow") == null) {
            problems.add("405 without Allow (RFC 9110 §15.5.6): " + what);
        }
        return problems;
    }

    private static String bodyText(Answer answer) {
        String text = new String(answer.body(), StandardCharsets.UTF_8);
        return "\n      body: " + (text.length() > 400 ? text.substring(0, 400) + "…" : text).replace("\n", "\n      ");
    }

    // --- building requests and CSRs -----------------------------------------------------------------

    static byte[] post(String path, String contentType, byte[] body, String... headers) {
        return request("POST", path, contentType, body, headers);
    }

    static byte[] request(String method, String path, String contentType, byte[] body, String... headers) {
        StringBuilder head = new StringBuilder(method + " /.well-known/est/" + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        if (contentType != null) {
            head.append("Content-Type: ").append(contentType).append("\r\n");
        }
        for (String header : headers) {
            head.append(header).append("\r\n");
        }
        head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
        return concat(latin1(head.toString()), body);
    }

    private static byte[] chunked(String head, int total) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(latin1(head + "Transfer-Encoding: chunked\r\n\r\n"));
        byte[] chunk = repeated((byte) 'A', 65_536);
        for (int sent = 0; sent < total; sent += chunk.length) {
            body.writeBytes(latin1(Integer.toHexString(chunk.length) + "\r\n"));
            body.writeBytes(chunk);
            body.writeBytes(latin1("\r\n"));
        }
        body.writeBytes(latin1("0\r\n\r\n"));
        return body.toByteArray();
    }

    private static Attribute extensionRequest(ASN1ObjectIdentifier type, byte[] value) {
        return new Attribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest,
                new DERSet(new Extensions(new Extension(type, false, new DEROctetString(value)))));
    }

    /** A CSR for {@code subject} with the given attributes, properly signed with {@code keys} (SHA256withECDSA). */
    static byte[] signed(X500Name subject, KeyPair keys, Attribute... attributes) throws Exception {
        CertificationRequestInfo info = new CertificationRequestInfo(subject,
                SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()), new DERSet(attributes));
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(keys.getPrivate());
        signer.update(info.getEncoded("DER"));
        return new CertificationRequest(info, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256),
                new DERBitString(signer.sign())).getEncoded("DER");
    }

    /** A CSR for a key nobody holds, with a signature of random octets. */
    private static byte[] unsignedCsr(X500Name subject, SubjectPublicKeyInfo key, Attribute... attributes) throws Exception {
        byte[] signature = new byte[64];
        new SecureRandom().nextBytes(signature);
        return new CertificationRequest(new CertificationRequestInfo(subject, key, new DERSet(attributes)),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE), new DERBitString(signature)).getEncoded();
    }

    /**
     * A 16 384-bit RSA key takes too long to generate: a SubjectPublicKeyInfo claiming such a modulus
     * (odd, free of small factors, so that the provider's checks run in full) with a bogus signature.
     */
    static byte[] rsaCsrWithBogusSignature(int modulusBits, int exponentBits) throws Exception {
        SecureRandom random = new SecureRandom();
        BigInteger smallPrimes = BigInteger.ONE;
        for (int p = 3; p < 1000; p += 2) {
            if (BigInteger.valueOf(p).isProbablePrime(20)) {
                smallPrimes = smallPrimes.multiply(BigInteger.valueOf(p));
            }
        }
        BigInteger modulus;
        do {
            modulus = new BigInteger(modulusBits, random).setBit(modulusBits - 1).setBit(0);
        } while (!modulus.gcd(smallPrimes).equals(BigInteger.ONE));
        BigInteger exponent = exponentBits <= 17 ? BigInteger.valueOf(65537)
                : new BigInteger(exponentBits, random).setBit(exponentBits - 1).setBit(0);
        SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
                new RSAPublicKey(modulus, exponent));
        byte[] signature = new byte[Math.min(modulusBits, 16384) / 8];
        random.nextBytes(signature);
        return new CertificationRequest(new CertificationRequestInfo(new X500Name("CN=huge-key"), key, new DERSet()),
                new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE), new DERBitString(signature)).getEncoded();
    }

    /** An EC key whose curve is given by explicit parameters (RFC 5480 §2.1.1 forbids them), with a bogus signature. */
    private static byte[] explicitCurveCsr() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", new BouncyCastleProvider());
        generator.initialize(org.bouncycastle.jce.ECNamedCurveTable.getParameterSpec("secp256r1"));
        SubjectPublicKeyInfo named = SubjectPublicKeyInfo.getInstance(generator.generateKeyPair().getPublic().getEncoded());
        X9ECParameters curve = org.bouncycastle.asn1.x9.ECNamedCurveTable.getByName("secp256r1");
        SubjectPublicKeyInfo explicit = new SubjectPublicKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey,
                new X962Parameters(curve)), named.getPublicKeyData().getBytes());
        byte[] signature = new byte[70];
        new SecureRandom().nextBytes(signature);
        return new CertificationRequest(new CertificationRequestInfo(new X500Name("CN=explicit"), explicit, new DERSet()),
                new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256), new DERBitString(signature)).getEncoded();
    }

    /** The CSR with its signature algorithm and/or signature replaced (null keeps the original). */
    private static byte[] withSignature(byte[] csr, AlgorithmIdentifier algorithm, byte[] signature) throws Exception {
        CertificationRequest request = CertificationRequest.getInstance(ASN1Sequence.getInstance(csr));
        return new CertificationRequest(request.getCertificationRequestInfo(),
                algorithm == null ? request.getSignatureAlgorithm() : algorithm,
                signature == null ? request.getSignature() : new DERBitString(signature)).getEncoded();
    }

    private static byte[] resigned(byte[] csr, KeyPair keys, String jca, AlgorithmIdentifier algorithm) throws Exception {
        CertificationRequest request = CertificationRequest.getInstance(ASN1Sequence.getInstance(csr));
        Signature signer = Signature.getInstance(jca);
        signer.initSign(keys.getPrivate());
        signer.update(request.getCertificationRequestInfo().getEncoded("DER"));
        return new CertificationRequest(request.getCertificationRequestInfo(), algorithm, new DERBitString(signer.sign())).getEncoded();
    }

    private static byte[] nested(int depth) {
        byte[] inner = {0x05, 0};
        for (int i = 0; i < depth; i++) {
            int n = inner.length;
            byte[] header = n < 0x80 ? new byte[] {0x30, (byte) n}
                    : n < 0x100 ? new byte[] {0x30, (byte) 0x81, (byte) n}
                    : new byte[] {0x30, (byte) 0x82, (byte) (n >> 8), (byte) n};
            inner = concat(header, inner);
        }
        return inner;
    }

    private static String basic(String user, String password) {
        return "Basic " + base64String(user + ":" + password);
    }

    private static String base64String(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    static byte[] base64(byte[] der) {
        return Base64.getMimeEncoder(64, new byte[] {'\r', '\n'}).encode(der);
    }

    static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] repeated(byte b, int count) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, b);
        return bytes;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String printable(String text) {
        StringBuilder shown = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            shown.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\x%02x", (int) c));
        }
        return shown.append("'").toString();
    }

    private static String abbreviated(String text) {
        return text.length() > 80 ? text.substring(0, 60) + "…(" + text.length() + " chars)" : text;
    }
}
