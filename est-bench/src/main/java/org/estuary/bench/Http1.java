package org.estuary.bench;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Just enough HTTP/1.1 (RFC 9112) for one POST and its answer on a connection the caller owns, so
 * that a keep-alive client really keeps one connection: a request with Content-Length, an answer
 * framed by Content-Length, chunked transfer coding or the end of the connection.
 */
final class Http1 {

    /** Longer lines than this are not an EST answer. */
    private static final int MAX_LINE = 8192;

    private Http1() {
    }

    /** An answer: status, header fields by lower-case name (the last of repeated fields), body. */
    record Response(int status, Map<String, String> headers, byte[] body) {

        /** Whether the server will close the connection after this answer (RFC 9112 §9.6). */
        boolean closesConnection() {
            String connection = headers.get("connection");
            return connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        }
    }

    /** The bytes of a POST, headers and body together so that they leave in one write. */
    static byte[] post(String authority, String path, String contentType, byte[] body, boolean close) {
        String head = "POST " + path + " HTTP/1.1\r\n"
                + "Host: " + authority + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + (close ? "Connection: close\r\n" : "")
                + "\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    /** Reads one answer to a POST; interim 1xx answers are skipped. */
    static Response read(InputStream in) throws IOException {
        while (true) {
            String statusLine = line(in);
            if (statusLine == null) {
                throw new EOFException("connection closed before an answer");
            }
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (NumberFormatException notAStatus) {
                throw new IOException("not an HTTP/1.x status line: " + statusLine);
            }
            Map<String, String> headers = headers(in);
            if (status >= 100 && status < 200) {
                continue;
            }
            return new Response(status, headers, body(in, status, headers));
        }
    }

    private static Map<String, String> headers(InputStream in) throws IOException {
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = line(in)) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed header field: " + line);
            }
            headers.put(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        if (line == null) {
            throw new EOFException("connection closed inside the header");
        }
        return headers;
    }

    private static byte[] body(InputStream in, int status, Map<String, String> headers) throws IOException {
        if (status == 204 || status == 304) {
            return new byte[0];
        }
        String transferEncoding = headers.get("transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(Locale.ROOT).contains("chunked")) {
            return chunked(in);
        }
        String contentLength = headers.get("content-length");
        if (contentLength != null) {
            int length;
            try {
                length = Integer.parseInt(contentLength);
            } catch (NumberFormatException malformed) {
                throw new IOException("malformed Content-Length: " + contentLength);
            }
            byte[] body = in.readNBytes(length);
            if (body.length < length) {
                throw new EOFException("connection closed after " + body.length + " of " + length + " body bytes");
            }
            return body;
        }
        return in.readAllBytes();
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new EOFException("connection closed inside a chunked body");
            }
            int extension = sizeLine.indexOf(';');
            String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).strip();
            int size;
            try {
                size = Integer.parseInt(hex, 16);
            } catch (NumberFormatException malformed) {
                throw new IOException("malformed chunk size: " + sizeLine);
            }
            if (size == 0) {
                headers(in); // trailer fields, ignored
                return body.toByteArray();
            }
            byte[] chunk = in.readNBytes(size);
            if (chunk.length < size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.write(chunk);
            String end = line(in);
            if (end == null || !end.isEmpty()) {
                throw new IOException("chunk not followed by CRLF");
            }
        }
    }

    /** A line without its CRLF (a bare LF is tolerated), or null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            line.append((char) b);
        }
        if (line.length() == 0) {
            return null;
        }
        throw new EOFException("connection closed inside a line");
    }
}
