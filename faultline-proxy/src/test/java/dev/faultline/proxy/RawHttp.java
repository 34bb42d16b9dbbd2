package dev.faultline.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** HTTP/1.1 over a raw socket, for requests no well-behaved client would send. */
final class RawHttp {

    /** One parsed answer. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    /**
     * What came back for some bytes sent: the answers parsed in order, whether the server closed the
     * connection, and whether something unparsable or a time-out happened.
     */
    record Exchange(List<Response> responses, boolean closed, String problem) {
    }

    private RawHttp() {
    }

    /**
     * Sends {@code request}, then reads answers until {@code expected} arrived, the server closed,
     * or {@code timeoutMs} passed.
     */
    static Exchange exchange(int port, byte[] request, int expected, int timeoutMs) throws IOException {
        return exchange(port, request, expected, timeoutMs, false);
    }

    /** As above; {@code noBodies} for answers to HEAD, which announce a length but carry no body. */
    static Exchange exchange(int port, byte[] request, int expected, int timeoutMs, boolean noBodies) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(timeoutMs);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
            } catch (IOException e) {
                // The server may close on the first bad bytes while we are still writing; read what it said.
            }
            return read(socket.getInputStream(), expected, timeoutMs, noBodies);
        }
    }

    static Exchange read(InputStream in, int expected, int timeoutMs) throws IOException {
        return read(in, expected, timeoutMs, false);
    }

    /**
     * Reads {@code expected} answers (interim 1xx answers are skipped), or fewer when the server
     * closes; with {@code expected < 0}, reads answers until the server closes.
     */
    static Exchange read(InputStream in, int expected, int timeoutMs, boolean noBodies) throws IOException {
        List<Response> responses = new ArrayList<>();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            while (expected < 0 || responses.size() < expected) {
                if (System.nanoTime() > deadline) {
                    return new Exchange(responses, false, "timed out after " + responses.size() + " answers");
                }
                String statusLine = line(in);
                if (statusLine == null) {
                    return new Exchange(responses, true, null);
                }
                String[] parts = statusLine.split(" ", 3);
                if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
                    return new Exchange(responses, false, "bad status line: " + statusLine);
                }
                int status = Integer.parseInt(parts[1]);
                Map<String, String> headers = new LinkedHashMap<>();
                String header;
                while ((header = line(in)) != null && !header.isEmpty()) {
                    int colon = header.indexOf(':');
                    if (colon < 0) {
                        return new Exchange(responses, false, "bad header line: " + header);
                    }
                    headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
                }
                if (header == null) {
                    return new Exchange(responses, false, "connection closed inside the headers");
                }
                if (status >= 100 && status < 200) {
                    continue; // 100 Continue: the real answer follows
                }
                // 204 and 304 never have a body (RFC 9110 6.4.1), so no length either.
                String length = noBodies || status == 204 || status == 304 ? "0" : headers.get("content-length");
                if (length == null) {
                    return new Exchange(responses, false, "answer " + status + " without content-length");
                }
                byte[] body = in.readNBytes(Integer.parseInt(length));
                if (body.length != Integer.parseInt(length)) {
                    return new Exchange(responses, false, "body cut short");
                }
                responses.add(new Response(status, headers, new String(body, StandardCharsets.UTF_8)));
            }
            return new Exchange(responses, false, null);
        } catch (SocketTimeoutException e) {
            return new Exchange(responses, false, "timed out after " + responses.size() + " answers");
        } catch (IOException e) {
            // A reset after the answers counts as a close.
            return new Exchange(responses, true, null);
        }
    }

    /** A CRLF-terminated line, or null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = out.toByteArray();
                int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
            }
            out.write(b);
            if (out.size() > 65_536) {
                throw new IOException("line longer than 64 KiB");
            }
        }
        return out.size() == 0 ? null : out.toString(StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
