package org.estuary.wire;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code multipart/mixed} body of the /serverkeygen response (RFC 7030 §4.4.2: "consisting of
 * two parts: one part is the private key data and the other part is the certificate data"), in
 * the syntax of RFC 2046 §5.1.1.
 */
public final class MultipartMixed {

    public static final String MEDIA_TYPE = "multipart/mixed";

    /** RFC 2045 §5.2: "Default RFC 822 messages without a MIME Content-Type header are taken ... as plain text". */
    static final String DEFAULT_PART_TYPE = "text/plain; charset=us-ascii";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String CRLF = "\r\n";

    /**
     * One body part: its Content-Type and its base64 text. The part shares {@code base64Body} with
     * its creator, so that whoever owns a secret part can wipe it once the body is written.
     */
    public record Part(String contentType, byte[] base64Body) {

        public Part {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(base64Body, "base64Body");
        }

        /** The base64 text as a string. */
        public String base64Text() {
            return new String(base64Body, StandardCharsets.US_ASCII);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Part part && contentType.equals(part.contentType)
                    && Arrays.equals(base64Body, part.base64Body);
        }

        @Override
        public int hashCode() {
            return 31 * contentType.hashCode() + Arrays.hashCode(base64Body);
        }

        @Override
        public String toString() {
            return "Part[" + contentType + ", " + base64Body.length + " base64 octets]";
        }
    }

    /** An encoded body and the boundary that delimits its parts. */
    public record Encoded(String boundary, byte[] body) {

        /** The Content-Type header value for the body. */
        public String contentType() {
            return MEDIA_TYPE + "; boundary=" + boundary;
        }
    }

    private MultipartMixed() {
    }

    /**
     * Encodes {@code parts} behind a fresh random boundary ({@code est-} and 24 hex digits). Each
     * part carries exactly {@code Content-Type} and {@code Content-Transfer-Encoding: base64} (RFC
     * 7030 §4.4.2; RFC 8951 §3.2.4 drops the latter as a requirement but clients written to RFC 7030
     * look for it), then a blank line and the base64 text with CRLF line ends (RFC 2046 §5.1.1).
     * There is no preamble or epilogue. The boundary cannot occur in a part: its {@code -} is
     * outside the base64 alphabet, and this is checked anyway.
     *
     * @throws IllegalArgumentException if a content type holds control characters or a body holds
     *     anything but base64 text and line breaks
     */
    public static Encoded encode(List<Part> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("a multipart body needs at least one part (RFC 2046 §5.1.1)");
        }
        for (Part part : parts) {
            if (part.contentType().isBlank() || part.contentType().chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("content type is not one printable header line: " + part.contentType());
            }
            byte[] text = part.base64Body();
            for (int i = firstNonBlank(text); i < lastNonBlank(text); i++) {
                if (!isBase64Text(text[i])) {
                    throw new IllegalArgumentException("part body is not base64 text");
                }
            }
        }
        String boundary;
        do {
            byte[] random = new byte[12];
            RANDOM.nextBytes(random);
            boundary = "est-" + HexFormat.of().formatHex(random);
        } while (occursIn(boundary, parts));

        // Written straight into one array of the exact size, never through a String: the key part
        // of a serverkeygen answer stays wipeable (the base64 alphabet cannot hold the boundary's '-').
        byte[][] heads = new byte[parts.size()][];
        int length = 0;
        for (int i = 0; i < parts.size(); i++) {
            heads[i] = ("--" + boundary + CRLF + "Content-Type: " + parts.get(i).contentType() + CRLF
                    + "Content-Transfer-Encoding: base64" + CRLF + CRLF).getBytes(StandardCharsets.US_ASCII);
            length += heads[i].length + crlfTextLength(parts.get(i).base64Body()) + CRLF.length();
        }
        byte[] close = ("--" + boundary + "--" + CRLF).getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[length + close.length];
        int at = 0;
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(heads[i], 0, body, at, heads[i].length);
            at = writeCrlfText(parts.get(i).base64Body(), body, at + heads[i].length);
            body[at++] = '\r';
            body[at++] = '\n';
        }
        System.arraycopy(close, 0, body, at, close.length);
        return new Encoded(boundary, body);
    }

    private static boolean isBase64Text(byte octet) {
        return octet >= 'A' && octet <= 'Z' || octet >= 'a' && octet <= 'z' || octet >= '0' && octet <= '9'
                || octet == '+' || octet == '/' || octet == '=' || octet == '\r' || octet == '\n';
    }

    /** The length of {@code text} stripped of surrounding white space, with every line end as CRLF. */
    private static int crlfTextLength(byte[] text) {
        int length = 0;
        for (int i = firstNonBlank(text); i < lastNonBlank(text); i++) {
            if (text[i] == '\n') {
                length += 2;
            } else if (text[i] != '\r') {
                length++;
            }
        }
        return length;
    }

    private static int writeCrlfText(byte[] text, byte[] into, int at) {
        for (int i = firstNonBlank(text); i < lastNonBlank(text); i++) {
            if (text[i] == '\n') {
                into[at++] = '\r';
                into[at++] = '\n';
            } else if (text[i] != '\r') {
                into[at++] = text[i];
            }
        }
        return at;
    }

    private static int firstNonBlank(byte[] text) {
        int i = 0;
        while (i < text.length && text[i] <= ' ') {
            i++;
        }
        return i;
    }

    /** One past the last octet that is not white space. */
    private static int lastNonBlank(byte[] text) {
        int end = text.length;
        while (end > 0 && text[end - 1] <= ' ') {
            end--;
        }
        return end;
    }

    private static boolean occursIn(String boundary, List<Part> parts) {
        return parts.stream().anyMatch(p -> p.contentType().contains(boundary));
    }

    /**
     * Reads a {@code multipart/mixed} body as RFC 2046 §5.1.1 allows it to arrive: a preamble and
     * an epilogue (ignored), LF or CRLF line ends, white space after a delimiter, header names in
     * any case, folded header lines and a quoted {@code boundary} parameter. Each part's body comes
     * back with surrounding white space trimmed and its line ends as LF; a part without a
     * Content-Type is {@value #DEFAULT_PART_TYPE} (RFC 2045 §5.2).
     */
    public static List<Part> decode(String contentTypeHeader, byte[] body) throws MalformedMessage {
        String dashBoundary = "--" + boundary(contentTypeHeader);
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<Part> parts = new ArrayList<>();
        int partStart = -1;
        int position = 0;
        while (position < text.length()) {
            int newline = text.indexOf('\n', position);
            int next = newline < 0 ? text.length() : newline + 1;
            String line = text.substring(position, newline < 0 ? text.length() : newline);
            if (line.startsWith(dashBoundary)) {
                String rest = line.substring(dashBoundary.length());
                boolean close = rest.startsWith("--");
                if ((close ? rest.substring(2) : rest).isBlank()) {
                    if (partStart >= 0) {
                        parts.add(part(text.substring(partStart, position)));
                    }
                    if (close && parts.isEmpty()) {
                        throw new MalformedMessage("multipart body has no parts");
                    }
                    if (close) {
                        return parts;
                    }
                    partStart = next;
                }
            }
            position = next;
        }
        throw new MalformedMessage(partStart < 0 ? "multipart body has no delimiter line" : "multipart body has no closing delimiter");
    }

    private static String boundary(String contentTypeHeader) throws MalformedMessage {
        if (contentTypeHeader == null) {
            throw new MalformedMessage("no Content-Type for the multipart body");
        }
        List<String> pieces = new ArrayList<>();
        StringBuilder piece = new StringBuilder();
        boolean quoted = false;
        for (char c : contentTypeHeader.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ';' && !quoted) {
                pieces.add(piece.toString().strip());
                piece.setLength(0);
            } else {
                piece.append(c);
            }
        }
        pieces.add(piece.toString().strip());
        if (!pieces.get(0).equalsIgnoreCase(MEDIA_TYPE)) {
            throw new MalformedMessage("not multipart/mixed: " + pieces.get(0));
        }
        for (String parameter : pieces.subList(1, pieces.size())) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).strip().equalsIgnoreCase("boundary")) {
                String value = parameter.substring(equals + 1).strip();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1).replaceAll("\\\\(.)", "$1");
                }
                if (value.isEmpty() || value.length() > 70) {
                    throw new MalformedMessage("multipart boundary must be 1 to 70 characters (RFC 2046 §5.1.1)");
                }
                return value;
            }
        }
        throw new MalformedMessage("multipart Content-Type has no boundary parameter");
    }

    private static Part part(String raw) throws MalformedMessage {
        String contentType = DEFAULT_PART_TYPE;
        String header = null;
        int position = 0;
        while (true) {
            int newline = raw.indexOf('\n', position);
            if (newline < 0) {
                throw new MalformedMessage("multipart body part has no blank line after its headers");
            }
            String line = raw.substring(position, newline).replaceFirst("\r$", "");
            position = newline + 1;
            if (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t') && header != null) {
                header += " " + line.strip();
                continue;
            }
            contentType = contentTypeOf(header, contentType);
            if (line.isEmpty()) {
                break;
            }
            header = line;
        }
        String body = raw.substring(position).strip().replace("\r\n", "\n");
        return new Part(contentType, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String contentTypeOf(String header, String otherwise) {
        if (header != null) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).strip().toLowerCase(Locale.ROOT).equals("content-type")) {
                return header.substring(colon + 1).strip();
            }
        }
        return otherwise;
    }
}
