package dev.faultline.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The CLI's side of {@code faultline server}'s REST API ({@code /api/v1}) over
 * {@link java.net.http.HttpClient}: JSON calls with a bearer token, and a run's Server-Sent
 * Events. Every failure becomes a {@link Failure} whose message is for people (what went wrong,
 * with which server, what to do), never a stack trace.
 */
final class ServerClient {
  /** Environment variable naming the server when {@code --server} is absent. */
  static final String SERVER_ENV = "FAULTLINE_SERVER";
  /** Environment variable holding the bearer token. */
  static final String TOKEN_ENV = "FAULTLINE_TOKEN";
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Halt waits up to 10 s for runs to end on the server; calls get that and a margin. */
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

  private final URI base;
  private final String token;
  private final HttpClient http;

  ServerClient(URI base, String token) {
    this.base = base;
    this.token = token;
    // HTTP/1.1: a plain-HTTP client asking for HTTP/2 sends an h2c upgrade the server does not need.
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  /** The bearer token (for the fleet agent's WebSocket upgrade). */
  String token() {
    return token;
  }

  /** A command line or environment that does not say enough to reach the server (usage error). */
  static final class Usage extends Exception {
    private static final long serialVersionUID = 1L;

    Usage(String message) {
      super(message);
    }
  }

  /** The server could not be reached or refused the request; the message is for people. */
  static final class Failure extends Exception {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final transient Map<String, Object> body;

    Failure(String message, int status, String code, Map<String, Object> body) {
      super(message, null, false, false);
      this.status = status;
      this.code = code;
      this.body = body;
    }

    /** The HTTP status, or 0 when there was no answer. */
    int status() {
      return status;
    }

    /** The error code of the JSON error body ({@code halted}, {@code forbidden}…), or null. */
    String code() {
      return code;
    }

    Map<String, Object> body() {
      return body;
    }
  }

  /**
   * A client for {@code serverOption} (else {@code $FAULTLINE_SERVER}) with the token of
   * {@code tokenFile} (else {@code $FAULTLINE_TOKEN}).
   */
  static ServerClient connect(String serverOption, Path tokenFile, Map<String, String> env) throws Usage {
    String server = serverOption != null ? serverOption : env.get(SERVER_ENV);
    if (server == null || server.isBlank()) {
      throw new Usage("no server: give --server URL (e.g. --server http://127.0.0.1:8080) or set " + SERVER_ENV);
    }
    return new ServerClient(baseUri(server), token(tokenFile, env));
  }

  /** {@code http(s)://host[:port]} without a trailing slash, or a usage error saying what a URL looks like. */
  static URI baseUri(String server) throws Usage {
    String s = server.strip();
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    URI uri;
    try {
      uri = new URI(s);
    } catch (URISyntaxException e) {
      throw new Usage("--server '" + server + "' is not a URL: " + e.getReason() + "; expected e.g. http://127.0.0.1:8080");
    }
    if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
      throw new Usage("--server '" + server + "' is not an http(s) URL with a host; expected e.g. http://127.0.0.1:8080");
    }
    return uri;
  }

  private static String token(Path tokenFile, Map<String, String> env) throws Usage {
    String token;
    String from;
    if (tokenFile != null) {
      from = "--token-file " + tokenFile;
      try {
        if (!Files.isRegularFile(tokenFile) || Files.size(tokenFile) > 4096) {
          throw new Usage(from + ": not a regular file of at most 4 KiB holding one token");
        }
        token = Files.readString(tokenFile).strip();
      } catch (IOException e) {
        throw new Usage(from + ": cannot be read: " + e.getMessage());
      }
    } else {
      from = "$" + TOKEN_ENV;
      token = env.get(TOKEN_ENV);
      if (token == null || token.isBlank()) {
        throw new Usage("no token: set " + TOKEN_ENV + " or give --token-file FILE (a token is made with "
            + "'faultline server token create --role operator'; the server's first start prints an admin token)");
      }
      token = token.strip();
    }
    if (token.isEmpty() || token.chars().anyMatch(c -> Character.isWhitespace(c) || c < 0x21 || c > 0x7e)) {
      throw new Usage(from + ": expected one token (printable characters, no spaces), e.g. flt_…");
    }
    return token;
  }

  URI base() {
    return base;
  }

  /** {@code GET path} → the JSON object answered. */
  Map<String, Object> get(String path) throws Failure {
    return call("GET", path, null);
  }

  /** {@code POST path} with a JSON body → the JSON object answered. */
  Map<String, Object> post(String path, Map<String, Object> body) throws Failure {
    return call("POST", path, body);
  }

  Map<String, Object> delete(String path) throws Failure {
    return call("DELETE", path, null);
  }

  /** {@code GET path} → the body as text (a journal, a report). */
  String getText(String path) throws Failure {
    HttpResponse<String> r = send(request("GET", path, null).timeout(CALL_TIMEOUT).build(), "GET " + path);
    if (r.statusCode() / 100 != 2) {
      throw refused("GET " + path, r.statusCode(), r.body());
    }
    return r.body();
  }

  private Map<String, Object> call(String method, String path, Map<String, Object> body) throws Failure {
    String text;
    try {
      text = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new Failure("cannot write the request as JSON: " + e.getMessage(), 0, null, Map.of());
    }
    HttpResponse<String> r = send(request(method, path, text).timeout(CALL_TIMEOUT).build(), method + " " + path);
    if (r.statusCode() / 100 != 2) {
      throw refused(method + " " + path, r.statusCode(), r.body());
    }
    return parse(r.body(), method + " " + path);
  }

  private HttpRequest.Builder request(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token)
        .header("Accept", "application/json");
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return b;
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler, String what)
      throws Failure {
    try {
      return http.send(request, handler);
    } catch (HttpConnectTimeoutException e) {
      throw unreachable(what, "no answer to the connection within 5 s");
    } catch (HttpTimeoutException e) {
      throw unreachable(what, "no answer within " + CALL_TIMEOUT.toSeconds() + " s");
    } catch (ConnectException e) {
      throw unreachable(what, "connection refused");
    } catch (IOException e) {
      throw unreachable(what, e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure(what + ": interrupted", 0, null, Map.of());
    }
  }

  private HttpResponse<String> send(HttpRequest request, String what) throws Failure {
    return send(request, HttpResponse.BodyHandlers.ofString(), what);
  }

  private Failure unreachable(String what, String why) {
    return new Failure("cannot reach the server at " + base + " (" + what + "): " + why
        + "; check the URL and that 'faultline server' is running there", 0, null, Map.of());
  }

  /** The server's JSON error as a sentence: status, code and its message, plus what to do for auth errors. */
  private Failure refused(String what, int status, String body) {
    Map<String, Object> m;
    try {
      m = JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
    } catch (IOException | RuntimeException notJson) {
      m = Map.of();
    }
    String code = m.get("error") instanceof String c ? c : null;
    String message = m.get("message") instanceof String s ? s : abbreviate(body);
    String hint = switch (status) {
      case 401 -> "; check the token ($" + TOKEN_ENV + " or --token-file)";
      case 404 -> code == null ? "; is " + base + " a Faultline server?" : "";
      default -> "";
    };
    return new Failure("the server refused " + what + ": " + status + (code == null ? "" : " " + code) + ": " + message
        + hint, status, code, m);
  }

  private Map<String, Object> parse(String body, String what) throws Failure {
    try {
      return JSON.readValue(body, new TypeReference<Map<String, Object>>() {});
    } catch (IOException | RuntimeException e) {
      throw new Failure("the answer to " + what + " from " + base + " is not a JSON object (is it a Faultline server?): "
          + abbreviate(body), 0, null, Map.of());
    }
  }

  private static String abbreviate(String s) {
    String one = s == null ? "" : s.replace('\n', ' ').strip();
    return one.length() > 200 ? one.substring(0, 197) + "..." : one;
  }

  /** One Server-Sent Event: its id (or null), name and data. */
  record SseEvent(String id, String name, String data) {}

  /**
   * Reads the run's events after sequence number {@code after} and hands each to {@code sink}
   * until the stream closes; returns the {@code end} event if it came. The stream is read with no
   * overall timeout: the server sends a keep-alive comment every 15 s while a run is quiet.
   */
  Optional<SseEvent> events(String runId, int after, Consumer<SseEvent> sink) throws Failure {
    String path = "/api/v1/runs/" + runId + "/events";
    HttpRequest.Builder b = request("GET", path, null).header("Accept", "text/event-stream");
    if (after > 0) {
      b.header("Last-Event-ID", Integer.toString(after));
    }
    HttpResponse<Stream<String>> r = send(b.build(), HttpResponse.BodyHandlers.ofLines(), "GET " + path);
    if (r.statusCode() != 200) {
      String body;
      try (Stream<String> lines = r.body()) {
        body = String.join("\n", lines.limit(100).toList());
      }
      throw refused("GET " + path, r.statusCode(), body);
    }
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      String id = null;
      String name = "message";
      StringBuilder data = new StringBuilder();
      while (it.hasNext()) {
        String line = it.next();
        if (line.isEmpty()) {
          if (data.length() > 0) {
            SseEvent e = new SseEvent(id, name, data.toString());
            if (e.name().equals("end")) {
              return Optional.of(e);
            }
            sink.accept(e);
          }
          id = null;
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("data:")) {
          if (data.length() > 0) {
            data.append('\n');
          }
          data.append(field(line, "data:"));
        } else if (line.startsWith("event:")) {
          name = field(line, "event:");
        } else if (line.startsWith("id:")) {
          id = field(line, "id:");
        } // ':' comments (keep-alives) and unknown fields are ignored, as the SSE specification says
      }
      return Optional.empty();
    } catch (java.io.UncheckedIOException e) {
      return Optional.empty(); // the connection broke mid-stream; the caller reconnects
    }
  }

  private static String field(String line, String prefix) {
    String v = line.substring(prefix.length());
    return v.startsWith(" ") ? v.substring(1) : v;
  }

  /** Parses a JSON object (an SSE data line). */
  static Map<String, Object> object(String json) throws IOException {
    return JSON.readValue(json, new TypeReference<Map<String, Object>>() {});
  }

  /** A JSON value as one line. */
  static String line(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (IOException e) {
      return String.valueOf(value);
    }
  }

  /** A map with entries in the order given, skipping null values (request bodies). */
  static Map<String, Object> body(Object... keysAndValues) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        m.put((String) keysAndValues[i], keysAndValues[i + 1]);
      }
    }
    return m;
  }

  /** The list under {@code key} of a JSON object, or an empty list. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> list(Map<String, Object> m, String key) {
    return m.get(key) instanceof List<?> l ? (List<Map<String, Object>>) l : List.of();
  }
}
