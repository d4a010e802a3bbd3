package org.estuary.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class Http1Test {

    @Test
    void aPostCarriesHostContentTypeAndContentLengthAndAsksToCloseOnlyWhenTold() {
        String keepAlive = ascii(Http1.post("localhost:9643", "/.well-known/est/simpleenroll", "application/pkcs10",
                bytes("MIIB"), false));
        String close = ascii(Http1.post("localhost:9643", "/x", "application/pkcs10", bytes("MIIB"), true));

        assertEquals("POST /.well-known/est/simpleenroll HTTP/1.1\r\nHost: localhost:9643\r\n"
                + "Content-Type: application/pkcs10\r\nContent-Length: 4\r\n\r\nMIIB", keepAlive);
        assertTrue(close.contains("\r\nConnection: close\r\n\r\nMIIB"), close);
    }

    @Test
    void consecutiveAnswersOnOneConnectionAreSeparatedByContentLength() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nContent-Type: application/pkcs7-mime\r\nContent-Length: 5\r\n\r\nhello"
                + "HTTP/1.1 400 Bad Request\r\ncontent-length: 3\r\nConnection: close\r\n\r\nbad");

        Http1.Response first = Http1.read(in);
        Http1.Response second = Http1.read(in);

        assertEquals(200, first.status());
        assertEquals("application/pkcs7-mime", first.headers().get("content-type"));
        assertArrayEquals(bytes("hello"), first.body());
        assertFalse(first.closesConnection());
        assertEquals(400, second.status());
        assertArrayEquals(bytes("bad"), second.body());
        assertTrue(second.closesConnection());
    }

    @Test
    void aChunkedAnswerIsReassembledAndItsTrailerSkipped() throws IOException {
        InputStream in = stream("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: t\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n");

        assertArrayEquals(bytes("hello world"), Http1.read(in).body());
        assertEquals(204, Http1.read(in).status());
    }

    @Test
    void interimAnswersAreSkippedAndAnUnframedBodyRunsToTheEnd() throws IOException {
        InputStream in = stream("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.0 500 Internal Server Error\r\n\r\noops");

        Http1.Response response = Http1.read(in);

        assertEquals(500, response.status());
        assertArrayEquals(bytes("oops"), response.body());
    }

    @Test
    void aConnectionClosedEarlyIsAnEndOfStreamAndGarbageIsNotAnAnswer() {
        assertThrows(EOFException.class, () -> Http1.read(stream("")));
        assertThrows(EOFException.class, () -> Http1.read(stream("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")));
        assertThrows(EOFException.class, () -> Http1.read(stream("HTTP/1.1 200 OK\r\nContent-Le")));
        assertThrows(IOException.class, () -> Http1.read(stream("SSH-2.0-OpenSSH\r\n\r\n")));
        assertThrows(IOException.class, () -> Http1.read(stream("HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n")));
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(bytes(text));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
