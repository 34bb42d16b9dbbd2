package dev.faultline.server.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * A minimal blocking HTTP/1.1 client over one keep-alive connection, for load generation: a
 * request costs one write and a few reads, no selector thread, no per-request objects beyond the
 * path's bytes. It parses what a benchmark must check: the status line, {@code Content-Length}
 * or {@code Transfer-Encoding: chunked} framing (a body cut short is an error, never a short
 * sample), and {@code Connection: close} (the next request reconnects). Not thread-safe: one per
 * client thread.
 */
final class KeepAliveHttp implements AutoCloseable {
  private static final int MAX_HEADER_LINE = 8192;
  private final String host;
  private final int port;
  private final byte[] fixedHeaders;
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private byte[] body = new byte[64 * 1024];
  private int bodyLength;
  private final byte[] line = new byte[MAX_HEADER_LINE];
  /** Own read buffer (not a BufferedInputStream: its every read() takes a lock). */
  private final byte[] buf = new byte[64 * 1024];
  private int pos;
  private int limit;
  private boolean closeAfter;
  private int connects;

  /** A client of {@code base} ({@code http://host:port}) sending {@code Authorization: Bearer token} (or none when null). */
  KeepAliveHttp(URI base, String token) {
    this.host = base.getHost();
    this.port = base.getPort();
    String hostHeader = host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    this.fixedHeaders = (" HTTP/1.1\r\nHost: " + hostHeader + "\r\n"
        + (token == null ? "" : "Authorization: Bearer " + token + "\r\n") + "Accept: application/json\r\n\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  /** {@code GET path}; returns the status code. The body is in {@link #body()} until the next request. */
  int get(byte[] pathBytes) throws IOException {
    if (socket == null || closeAfter) {
      connect();
    }
    byte[] request = Arrays.copyOf("GET ".getBytes(StandardCharsets.US_ASCII), 4 + pathBytes.length + fixedHeaders.length);
    System.arraycopy(pathBytes, 0, request, 4, pathBytes.length);
    System.arraycopy(fixedHeaders, 0, request, 4 + pathBytes.length, fixedHeaders.length);
    out.write(request);
    out.flush();
    return readResponse();
  }

  /** The last response's body bytes, {@code [0, bodyLength())}. */
  byte[] body() {
    return body;
  }

  int bodyLength() {
    return bodyLength;
  }

  String bodyText() {
    return new String(body, 0, bodyLength, StandardCharsets.UTF_8);
  }

  /** How many TCP connections this client opened (1 when the server kept every one alive). */
  int connects() {
    return connects;
  }

  private void connect() throws IOException {
    close();
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(host, port), 10_000);
    socket.setSoTimeout(60_000);
    in = socket.getInputStream();
    pos = 0;
    limit = 0;
    out = socket.getOutputStream();
    closeAfter = false;
    connects++;
  }

  private int readResponse() throws IOException {
    int n = readLine();
    // "HTTP/1.1 200 OK"
    if (n < 12 || line[0] != 'H' || line[8] != ' ') {
      throw new IOException("not an HTTP status line: '" + new String(line, 0, n, StandardCharsets.ISO_8859_1) + "'");
    }
    int status = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
    long contentLength = -1;
    boolean chunked = false;
    closeAfter = line[7] == '0'; // HTTP/1.0 closes unless told otherwise
    while ((n = readLine()) > 0) {
      int colon = indexOf(line, n, (byte) ':');
      if (colon <= 0) {
        throw new IOException("malformed header line: '" + new String(line, 0, n, StandardCharsets.ISO_8859_1) + "'");
      }
      String name = new String(line, 0, colon, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
      String value = new String(line, colon + 1, n - colon - 1, StandardCharsets.ISO_8859_1).strip();
      switch (name) {
        case "content-length" -> contentLength = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> closeAfter = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    bodyLength = 0;
    if (chunked) {
      readChunked();
    } else if (contentLength >= 0) {
      readFully((int) contentLength);
    } else {
      // Neither: the body runs to the end of the connection.
      closeAfter = true;
      int r;
      while ((r = read()) >= 0) {
        append((byte) r);
      }
    }
    return status;
  }

  private void readChunked() throws IOException {
    while (true) {
      int n = readLine();
      int end = indexOf(line, n, (byte) ';'); // chunk extensions are allowed and ignored
      int size = Integer.parseInt(new String(line, 0, end < 0 ? n : end, StandardCharsets.ISO_8859_1).strip(), 16);
      if (size == 0) {
        while (readLine() > 0) {
          // trailers, up to the empty line
        }
        return;
      }
      readFully(size);
      if (readLine() != 0) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private void readFully(int n) throws IOException {
    ensure(bodyLength + n);
    int off = bodyLength;
    int end = bodyLength + n;
    int buffered = Math.min(n, limit - pos);
    System.arraycopy(buf, pos, body, off, buffered);
    pos += buffered;
    off += buffered;
    while (off < end) {
      int r = in.read(body, off, end - off);
      if (r < 0) {
        throw new EOFException("the connection closed " + (end - off) + " bytes before the end of the body");
      }
      off += r;
    }
    bodyLength = end;
  }

  private void append(byte b) {
    ensure(bodyLength + 1);
    body[bodyLength++] = b;
  }

  private void ensure(int capacity) {
    if (capacity > body.length) {
      body = Arrays.copyOf(body, Math.max(capacity, body.length * 2));
    }
  }

  /** Reads one CRLF-terminated line into {@link #line}; its length without the CRLF. */
  private int readLine() throws IOException {
    int n = 0;
    while (true) {
      int b = read();
      if (b < 0) {
        throw new EOFException("the connection closed in the middle of a response head");
      }
      if (b == '\n') {
        return n > 0 && line[n - 1] == '\r' ? n - 1 : n;
      }
      if (n == line.length) {
        throw new IOException("response line longer than " + MAX_HEADER_LINE + " bytes");
      }
      line[n++] = (byte) b;
    }
  }

  private int read() throws IOException {
    if (pos == limit) {
      int r = in.read(buf, 0, buf.length);
      if (r < 0) {
        return -1;
      }
      pos = 0;
      limit = r;
    }
    return buf[pos++] & 0xff;
  }

  private static int indexOf(byte[] a, int n, byte b) {
    for (int i = 0; i < n; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public void close() {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing a connection we are done with
      }
      socket = null;
    }
  }
}
