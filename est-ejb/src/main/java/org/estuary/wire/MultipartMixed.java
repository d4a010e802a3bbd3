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

    /** One body part: its Content-Type and its base64 text. */
    public record Part(String contentType, byte[] base64Body) {

        public Part {
            Objects.requireNonNull(contentType, "contentType");
            base64Body = base64Body.clone();
        }

        @Override
        public byte[] base64Body() {
            return base64Body.clone();
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
        List<String> texts = new ArrayList<>();
        for (Part part : parts) {
            if (part.contentType().isBlank() || part.contentType().chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
                throw new IllegalArgumentException("content type is not one printable header line: " + part.contentType());
            }
            String text = part.base64Text().strip();
            if (!text.matches("[A-Za-z0-9+/=\r\n]*")) {
                throw new IllegalArgumentException("part body is not base64 text");
            }
            texts.add(text.replace("\r\n", "\n").replace("\n", CRLF));
        }
        String boundary;
        do {
            byte[] random = new byte[12];
            RANDOM.nextBytes(random);
            boundary = "est-" + HexFormat.of().formatHex(random);
        } while (occursIn(boundary, parts, texts));

        StringBuilder body = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            body.append("--").append(boundary).append(CRLF)
                    .append("Content-Type: ").append(parts.get(i).contentType()).append(CRLF)
                    .append("Content-Transfer-Encoding: base64").append(CRLF)
                    .append(CRLF)
                    .append(texts.get(i)).append(CRLF);
        }
        body.append("--").append(boundary).append("--").append(CRLF);
        return new Encoded(boundary, body.toString().getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean occursIn(String boundary, List<Part> parts, List<String> texts) {
        return texts.stream().anyMatch(t -> t.contains(boundary))
                || parts.stream().anyMatch(p -> p.contentType().contains(boundary));
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
