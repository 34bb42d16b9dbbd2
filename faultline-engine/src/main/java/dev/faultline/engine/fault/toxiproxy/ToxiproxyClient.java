package dev.faultline.engine.fault.toxiproxy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A small client for Toxiproxy's HTTP API (Toxiproxy itself or Faultline's {@code faultline-proxy}),
 * over the JDK HTTP client. Typed calls throw {@link ToxiproxyException} on any status other than
 * 2xx, with Toxiproxy's {@code {"error": ...}} text and the URL in the message;
 * {@link #exchange} gives the raw answer for callers that judge statuses themselves.
 *
 * <p>When a token is given (Faultline's proxy extension, not Toxiproxy), every request sends it
 * as {@value #TOKEN_HEADER}. Requests end after {@value #REQUEST_TIMEOUT_SECONDS} s, and at once
 * when the calling thread is interrupted.
 */
public final class ToxiproxyClient {
  /** Where Toxiproxy's API listens by default. */
  public static final String DEFAULT_API_URL = "http://127.0.0.1:8474";
  /** The environment variable holding the API token of Faultline's proxy. */
  public static final String TOKEN_ENV = "FAULTLINE_PROXY_TOKEN";
  /** The header the token travels in. */
  public static final String TOKEN_HEADER = "X-Faultline-Token";

  static final int REQUEST_TIMEOUT_SECONDS = 30;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(CONNECT_TIMEOUT)
      .build();

  private final String apiUrl;
  private final Optional<String> token;

  /**
   * @param apiUrl the API's base URL, e.g. {@code http://127.0.0.1:8474}; a trailing slash is ignored
   * @param token sent as {@value #TOKEN_HEADER} when present and not blank
   * @throws IllegalArgumentException when {@code apiUrl} is not an http or https URL with a host
   */
  public ToxiproxyClient(String apiUrl, Optional<String> token) {
    String trimmed = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    checkUrl(trimmed).ifPresent(problem -> {
      throw new IllegalArgumentException(problem);
    });
    this.apiUrl = trimmed;
    this.token = token.filter(t -> !t.isBlank());
  }

  /** A client that sends the token of environment variable {@value #TOKEN_ENV}, if set. */
  public static ToxiproxyClient withEnvironmentToken(String apiUrl) {
    return new ToxiproxyClient(apiUrl, Optional.ofNullable(System.getenv(TOKEN_ENV)));
  }

  /** Why {@code apiUrl} cannot be an API base URL, or empty when it can. */
  public static Optional<String> checkUrl(String apiUrl) {
    String expected = "expected an http URL such as " + DEFAULT_API_URL;
    if (!apiUrl.contains("://")) {
      return Optional.of("'" + apiUrl + "' is not an http URL; " + expected);
    }
    try {
      URI uri = new URI(apiUrl);
      if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
        return Optional.of("'" + apiUrl + "' is not an http URL; " + expected);
      }
      if (uri.getHost() == null) {
        return Optional.of("'" + apiUrl + "' has no host; " + expected);
      }
      return Optional.empty();
    } catch (java.net.URISyntaxException e) {
      return Optional.of("'" + apiUrl + "' is not a URL (" + e.getReason() + "); " + expected);
    }
  }

  /** The API's base URL, without a trailing slash. */
  public String apiUrl() {
    return apiUrl;
  }

  /** Toxiproxy's answer to one request. */
  public record Answer(String method, String url, int status, String body) {
    /** Whether the status is 2xx; Toxiproxy never redirects, so this is Python requests' {@code response.ok} too. */
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The body as a JSON value: maps, lists, strings, numbers, booleans, null. */
    public Object json() throws ToxiproxyException {
      try {
        return body.isBlank() ? null : MAPPER.readValue(body, Object.class);
      } catch (JsonProcessingException e) {
        throw new ToxiproxyException(method + " " + url + ": Toxiproxy answered " + status
            + " with something that is not JSON: " + shortened(body), status, e);
      }
    }

    /** Toxiproxy's {@code error} text, or the body itself when it has none. */
    public String error() {
      try {
        Object parsed = MAPPER.readValue(body, Object.class);
        if (parsed instanceof Map<?, ?> m && m.get("error") != null) {
          return String.valueOf(m.get("error"));
        }
      } catch (JsonProcessingException notJson) {
        // fall through to the raw text
      }
      return body.isBlank() ? "(empty body)" : shortened(body.strip());
    }

    /** The exception a typed call throws for this answer. */
    public ToxiproxyException failure() {
      return new ToxiproxyException(method + " " + url + ": Toxiproxy answered " + status + ": " + error(), status, null);
    }
  }

  /**
   * Sends one request and returns the answer whatever its status.
   *
   * @param path starts with {@code /}; build proxy and toxic segments with {@link #segment}
   * @param jsonBody serialised as JSON; null sends no body
   * @throws ToxiproxyException when there was no answer (connection refused, timeout)
   * @throws InterruptedException when the thread was interrupted; the request is abandoned
   */
  public Answer exchange(String method, String path, Object jsonBody) throws ToxiproxyException, InterruptedException {
    return exchange(method, path, jsonBody, Map.of(), Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS));
  }

  /**
   * As {@link #exchange(String, String, Object)}, with extra request headers (Faultline's lease
   * extension, {@link ToxiproxyLease}) and a request timeout of its own (a lease renewal must not
   * wait longer than a part of the lease).
   */
  public Answer exchange(String method, String path, Object jsonBody, Map<String, String> headers, Duration timeout)
      throws ToxiproxyException, InterruptedException {
    String url = apiUrl + path;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
        .timeout(timeout)
        .header("Accept", "application/json");
    token.ifPresent(t -> request.header(TOKEN_HEADER, t));
    headers.forEach(request::header);
    if (jsonBody == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      try {
        request.header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(MAPPER.writeValueAsString(jsonBody), StandardCharsets.UTF_8));
      } catch (JsonProcessingException e) {
        throw new IllegalArgumentException("cannot write the request body as JSON: " + e.getMessage(), e);
      }
    }
    try {
      HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      return new Answer(method, url, response.statusCode(), response.body());
    } catch (HttpTimeoutException e) {
      throw new ToxiproxyException(method + " " + url + ": Toxiproxy did not answer within "
          + (e instanceof java.net.http.HttpConnectTimeoutException ? CONNECT_TIMEOUT.toMillis() : timeout.toMillis())
          + " ms", 0, e);
    } catch (ConnectException e) {
      throw new ToxiproxyException(method + " " + url + ": cannot reach Toxiproxy: " + connectFailure(e), 0, e);
    } catch (IOException e) {
      throw new ToxiproxyException(method + " " + url + ": cannot reach Toxiproxy: " + reason(e), 0, e);
    }
  }

  /** {@code GET /proxies}: every proxy by name. */
  public Map<String, ToxiproxyProxy> proxies() throws ToxiproxyException, InterruptedException {
    Answer answer = expectOk("GET", "/proxies", null);
    Map<String, ToxiproxyProxy> proxies = new LinkedHashMap<>();
    if (answer.json() instanceof Map<?, ?> byName) {
      for (Object value : byName.values()) {
        ToxiproxyProxy proxy = proxy(value, answer);
        proxies.put(proxy.name(), proxy);
      }
      return proxies;
    }
    throw unexpected(answer, "a JSON object of proxies by name");
  }

  /** {@code GET /proxies/{name}}, or empty when there is no such proxy. */
  public Optional<ToxiproxyProxy> findProxy(String name) throws ToxiproxyException, InterruptedException {
    Answer answer = exchange("GET", "/proxies/" + segment(name), null);
    if (answer.status() == 404) {
      return Optional.empty();
    }
    if (!answer.ok()) {
      throw answer.failure();
    }
    return Optional.of(proxy(answer.json(), answer));
  }

  /** {@code POST /proxies}: creates a proxy (Toxiproxy answers 409 when the name is taken). */
  public ToxiproxyProxy createProxy(String name, String listen, String upstream, boolean enabled)
      throws ToxiproxyException, InterruptedException {
    return createProxy(name, listen, upstream, enabled, Map.of());
  }

  /** As {@link #createProxy(String, String, String, boolean)}, with {@link ToxiproxyLease#headers lease headers}. */
  public ToxiproxyProxy createProxy(String name, String listen, String upstream, boolean enabled,
      Map<String, String> headers) throws ToxiproxyException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("listen", listen);
    body.put("upstream", upstream);
    body.put("enabled", enabled);
    Answer answer = expectOk("POST", "/proxies", body, headers);
    return proxy(answer.json(), answer);
  }

  /**
   * {@code POST /proxies/{name}}: changes some of {@code listen}, {@code upstream}, {@code enabled};
   * keys not given keep their value.
   */
  public ToxiproxyProxy updateProxy(String name, Map<String, Object> changes) throws ToxiproxyException, InterruptedException {
    return updateProxy(name, changes, Map.of());
  }

  /** As {@link #updateProxy(String, Map)}, with extra request headers (a disable's {@link ToxiproxyLease#headers lease}). */
  public ToxiproxyProxy updateProxy(String name, Map<String, Object> changes, Map<String, String> headers)
      throws ToxiproxyException, InterruptedException {
    Answer answer = expectOk("POST", "/proxies/" + segment(name), changes, headers);
    return proxy(answer.json(), answer);
  }

  /** Enables a proxy: it listens again, its toxics apply again. */
  public ToxiproxyProxy enable(String name) throws ToxiproxyException, InterruptedException {
    return updateProxy(name, Map.of("enabled", true));
  }

  /** Disables a proxy: it stops listening and drops its connections; its toxics are kept. */
  public ToxiproxyProxy disable(String name) throws ToxiproxyException, InterruptedException {
    return disable(name, Map.of());
  }

  /**
   * As {@link #disable(String)}, with {@link ToxiproxyLease#headers lease headers}: Faultline's
   * proxy enables the proxy again by itself when the lease or length passes.
   */
  public ToxiproxyProxy disable(String name, Map<String, String> headers) throws ToxiproxyException, InterruptedException {
    return updateProxy(name, Map.of("enabled", false), headers);
  }

  /** {@code DELETE /proxies/{name}}; false when there was no such proxy. */
  public boolean deleteProxy(String name) throws ToxiproxyException, InterruptedException {
    return deleted(exchange("DELETE", "/proxies/" + segment(name), null));
  }

  /** {@code GET /proxies/{proxy}/toxics}. */
  public List<ToxiproxyToxic> toxics(String proxy) throws ToxiproxyException, InterruptedException {
    Answer answer = expectOk("GET", "/proxies/" + segment(proxy) + "/toxics", null);
    if (answer.json() instanceof List<?> list) {
      List<ToxiproxyToxic> toxics = new ArrayList<>();
      for (Object item : list) {
        toxics.add(toxic(item, answer));
      }
      return toxics;
    }
    throw unexpected(answer, "a JSON array of toxics");
  }

  /** {@code POST /proxies/{proxy}/toxics}: adds a toxic to the proxy's live and new connections. */
  public ToxiproxyToxic addToxic(String proxy, ToxiproxyToxic toxic) throws ToxiproxyException, InterruptedException {
    return addToxic(proxy, toxic, Map.of());
  }

  /** As {@link #addToxic(String, ToxiproxyToxic)}, with {@link ToxiproxyLease#headers lease headers}. */
  public ToxiproxyToxic addToxic(String proxy, ToxiproxyToxic toxic, Map<String, String> headers)
      throws ToxiproxyException, InterruptedException {
    Answer answer = expectOk("POST", "/proxies/" + segment(proxy) + "/toxics", toxic.toJson(), headers);
    return toxic(answer.json(), answer);
  }

  /**
   * {@code POST /proxies/{proxy}/toxics/{toxic}}: merges {@code attributes} into the toxic's and
   * sets its toxicity when given.
   */
  public ToxiproxyToxic updateToxic(String proxy, String toxic, Map<String, Object> attributes, OptionalDouble toxicity)
      throws ToxiproxyException, InterruptedException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("attributes", attributes);
    toxicity.ifPresent(t -> body.put("toxicity", t));
    Answer answer = expectOk("POST", "/proxies/" + segment(proxy) + "/toxics/" + segment(toxic), body);
    return toxic(answer.json(), answer);
  }

  /** {@code DELETE /proxies/{proxy}/toxics/{toxic}}; false when the proxy or the toxic did not exist. */
  public boolean removeToxic(String proxy, String toxic) throws ToxiproxyException, InterruptedException {
    return deleted(exchange("DELETE", "/proxies/" + segment(proxy) + "/toxics/" + segment(toxic), null));
  }

  /** {@code POST /reset}: enables every proxy and removes every toxic. */
  public void reset() throws ToxiproxyException, InterruptedException {
    expectOk("POST", "/reset", null);
  }

  /**
   * A proxy or toxic name as one URL path segment. Toxiproxy's route takes any characters but
   * {@code /} ({@code host:port} names are common), so only what a URI cannot hold is escaped.
   */
  public static String segment(String name) {
    StringBuilder out = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~:@!$&'()*+,;=".indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
            .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }

  private Answer expectOk(String method, String path, Object body) throws ToxiproxyException, InterruptedException {
    return expectOk(method, path, body, Map.of());
  }

  private Answer expectOk(String method, String path, Object body, Map<String, String> headers)
      throws ToxiproxyException, InterruptedException {
    Answer answer = exchange(method, path, body, headers, Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS));
    if (!answer.ok()) {
      throw answer.failure();
    }
    return answer;
  }

  private static boolean deleted(Answer answer) throws ToxiproxyException {
    if (answer.status() == 404) {
      return false;
    }
    if (!answer.ok()) {
      throw answer.failure();
    }
    return true;
  }

  private static ToxiproxyProxy proxy(Object json, Answer answer) throws ToxiproxyException {
    if (!(json instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
      throw unexpected(answer, "a proxy object with a name");
    }
    List<ToxiproxyToxic> toxics = new ArrayList<>();
    if (m.get("toxics") instanceof List<?> list) {
      for (Object item : list) {
        toxics.add(toxic(item, answer));
      }
    }
    return new ToxiproxyProxy(name, String.valueOf(m.get("listen")), String.valueOf(m.get("upstream")),
        !Boolean.FALSE.equals(m.get("enabled")), toxics);
  }

  @SuppressWarnings("unchecked")
  private static ToxiproxyToxic toxic(Object json, Answer answer) throws ToxiproxyException {
    if (!(json instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)) {
      throw unexpected(answer, "a toxic object with a name");
    }
    Map<String, Object> attributes = m.get("attributes") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
    double toxicity = m.get("toxicity") instanceof Number n ? n.doubleValue() : 1.0;
    return new ToxiproxyToxic(name, String.valueOf(m.get("type")), String.valueOf(m.get("stream")), toxicity, attributes);
  }

  private static ToxiproxyException unexpected(Answer answer, String expected) {
    return new ToxiproxyException(answer.method() + " " + answer.url() + ": expected " + expected
        + " from Toxiproxy, got: " + shortened(answer.body()), answer.status(), null);
  }

  private static String shortened(String text) {
    return text.length() > 300 ? text.substring(0, 300) + "…" : text;
  }

  private static String reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().isBlank()) {
        return t.getMessage();
      }
    }
    return error.getClass().getSimpleName();
  }

  /**
   * The JDK 17 client drops the system's reason ("Connection refused") from its
   * {@link ConnectException}; one plain connection attempt finds it again.
   */
  private String connectFailure(ConnectException e) {
    if (e.getMessage() != null && !e.getMessage().isBlank()) {
      return e.getMessage();
    }
    URI uri = URI.create(apiUrl);
    int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(uri.getHost(), port), (int) CONNECT_TIMEOUT.toMillis());
      return "the connection failed, then a second attempt succeeded";
    } catch (IOException again) {
      return again.getMessage() == null ? again.getClass().getSimpleName() : again.getMessage();
    }
  }
}
