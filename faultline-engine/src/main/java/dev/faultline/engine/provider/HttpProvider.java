package dev.faultline.engine.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.engine.python.PythonText;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code http} provider: one HTTP request, as Chaos Toolkit's {@code chaoslib/provider/http.py}
 * sends it with Python requests.
 *
 * <ul>
 *   <li>{@code url} (required); {@code method} (default {@code GET}, any case);
 *       {@code headers} (object).
 *   <li>{@code arguments}: with {@code GET}, the query string; with other methods, a JSON body
 *       only when the {@code Content-Type} header is exactly {@code application/json}, else a
 *       form-encoded body. A string is sent as it is.
 *   <li>{@code timeout}: seconds, or a {@code [connect, read]} pair (see {@link HttpTimeout}).
 *   <li>{@code verify_tls} (default true); {@code max_retries} (default 0): extra attempts when
 *       the connection cannot be made, never after a response.
 * </ul>
 *
 * <p>The output is {@code {"status": <int>, "headers": {name: first value}, "body": …}}. Header
 * names are in Title-Case ({@code Content-Type}, {@code X-Request-Id}) whatever the server sent,
 * because the JDK client only gives them in lower case; Python requests keeps the server's
 * spelling, which for most servers is the same. The body
 * is parsed JSON only when the response {@code Content-Type} is exactly {@code application/json}
 * ({@code application/json; charset=utf-8} stays text, as in Chaos Toolkit). A 4xx or 5xx
 * status is not a failure: tolerances decide. The activity fails only when the server cannot be
 * reached ("failed to connect to &lt;url&gt;: &lt;reason&gt;") or does not answer in time
 * ("activity took too long to complete").
 */
public final class HttpProvider implements ActivityProvider {
  private static final Set<String> KEYS =
      Set.of("url", "method", "headers", "arguments", "timeout", "verify_tls", "max_retries", "secrets");
  private static final String JSON = "application/json";
  private static final Pattern CHARSET = Pattern.compile("(?i);\\s*charset=\"?([^\";\\s]+)");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Override
  public String type() {
    return "http";
  }

  @Override
  public void validate(ProviderSpec spec, ProviderValidation validation) {
    PropertyChecks checks = new PropertyChecks(spec, validation);
    Set<String> known = new HashSet<>(KEYS);
    if (spec.properties().containsKey("expected_status")) {
      known.add("expected_status");
      validation.warning("expected_status", "expected_status is ignored (Chaos Toolkit dropped it in chaostoolkit-lib"
          + " 0.9.1); give the activity a tolerance on the status instead, e.g. \"tolerance\": 200");
    }
    checks.unknownKeys(known);
    checks.requiredString("url", "the address to call, e.g. \"http://localhost:8080/health\"").ifPresent(url -> {
      String lower = url.toLowerCase(Locale.ROOT);
      if (!url.startsWith("${") && !lower.startsWith("http://") && !lower.startsWith("https://")) {
        validation.warning("url", "url \"" + url + "\" does not start with http:// or https://, so the request"
            + " cannot be sent");
      }
    });
    checks.optionalString("method");
    checks.object("headers");
    Object arguments = spec.get("arguments");
    if (arguments != null && !(arguments instanceof Map<?, ?>) && !(arguments instanceof String)) {
      validation.error("arguments", "arguments must be an object (sent as the query string, or as the body of"
          + " other methods) or a string, found " + PropertyChecks.describe(arguments));
    }
    HttpTimeout.check(spec, validation, checks);
    checks.bool("verify_tls");
    checks.integer("max_retries", 0, Integer.MAX_VALUE);
  }

  @Override
  public Object run(Map<String, Object> properties, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ProviderProperties props = new ProviderProperties(type(), properties);
    String url = props.requiredString("url");
    String method = props.optionalString("method").orElse("GET").toUpperCase(Locale.ROOT);
    Map<String, Object> headers = props.object("headers");
    Object arguments = props.has("arguments") ? props.raw("arguments") : Map.of();
    HttpTimeout timeout = HttpTimeout.of(props);
    boolean verifyTls = props.bool("verify_tls", true);
    long maxRetries = props.integer("max_retries", 0, 0, Integer.MAX_VALUE);

    HttpRequest request = request(url, method, headers, arguments, timeout);
    HttpClient client = InterruptibleHttp.client(verifyTls, timeout.connect());
    HttpResponse<byte[]> response = send(client, request, url, timeout, maxRetries);
    return output(response);
  }

  private static HttpRequest request(String url, String method, Map<String, Object> headers, Object arguments,
      HttpTimeout timeout) throws ActivityFailedException {
    boolean get = method.equals("GET");
    HttpRequest.Builder builder;
    try {
      builder = HttpRequest.newBuilder(URI.create(get ? withQuery(url, arguments) : url));
    } catch (IllegalArgumentException e) {
      throw new ActivityFailedException("invalid URL \"" + url + "\": " + e.getMessage(), e);
    }
    timeout.read().ifPresent(builder::timeout);
    boolean hasContentType = false;
    boolean json = false;
    for (Map.Entry<String, Object> header : headers.entrySet()) {
      if (header.getValue() == null) {
        continue; // requests drops headers whose value is None
      }
      String value = PythonText.str(header.getValue());
      if (header.getKey().equalsIgnoreCase("Content-Type")) {
        hasContentType = true;
        json = value.equals(JSON);
      }
      try {
        builder.header(header.getKey(), value);
      } catch (IllegalArgumentException e) {
        throw new ActivityFailedException("http provider: header '" + header.getKey()
            + "' cannot be sent by the JDK HTTP client: " + e.getMessage(), e);
      }
    }
    if (get) {
      return builder.GET().build();
    }
    String body = json ? jsonBody(arguments) : formBody(arguments);
    if (body != null && !json && !hasContentType && arguments instanceof Map<?, ?>) {
      builder.header("Content-Type", "application/x-www-form-urlencoded");
    }
    HttpRequest.BodyPublisher publisher = body == null
        ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8);
    return builder.method(method, publisher).build();
  }

  // requests appends params to a query the URL may already have.
  private static String withQuery(String url, Object arguments) {
    String query = arguments instanceof String s ? s : arguments instanceof Map<?, ?> m ? FormEncoding.encode(stringKeys(m)) : "";
    if (query.isEmpty()) {
      return url;
    }
    int fragment = url.indexOf('#');
    String base = fragment >= 0 ? url.substring(0, fragment) : url;
    String tail = fragment >= 0 ? url.substring(fragment) : "";
    return base + (base.contains("?") ? "&" : "?") + query + tail;
  }

  private static String jsonBody(Object arguments) throws ActivityFailedException {
    if (arguments == null) {
      return null; // json=None: requests sends no body
    }
    try {
      return MAPPER.writeValueAsString(arguments);
    } catch (JsonProcessingException e) {
      throw new ActivityFailedException("http provider: arguments cannot be sent as JSON: " + e.getOriginalMessage(), e);
    }
  }

  private static String formBody(Object arguments) {
    if (arguments instanceof String s) {
      return s;
    }
    if (arguments instanceof Map<?, ?> m && !m.isEmpty()) {
      return FormEncoding.encode(stringKeys(m));
    }
    return null;
  }

  private static Map<String, Object> stringKeys(Map<?, ?> map) {
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(String.valueOf(k), v));
    return out;
  }

  private static HttpResponse<byte[]> send(HttpClient client, HttpRequest request, String url, HttpTimeout timeout,
      long maxRetries) throws ActivityFailedException, InterruptedException {
    for (long attempt = 0; ; attempt++) {
      try {
        return InterruptibleHttp.send(client, request, HttpResponse.BodyHandlers.ofByteArray(), Optional.empty());
      } catch (HttpConnectTimeoutException e) {
        // requests' ConnectTimeout is a ConnectionError, so Chaos Toolkit says "failed to connect".
        if (attempt >= maxRetries) {
          throw new ActivityFailedException("failed to connect to " + url + ": connection timed out after "
              + timeout.connect().map(d -> d.toMillis() / 1000.0 + " s").orElse("the system's limit"), e);
        }
      } catch (HttpTimeoutException e) {
        throw new ActivityFailedException("activity took too long to complete", e);
      } catch (TimeoutException e) {
        throw new ActivityFailedException("activity took too long to complete", e);
      } catch (ConnectException e) {
        if (attempt >= maxRetries) {
          throw new ActivityFailedException("failed to connect to " + url + ": "
              + InterruptibleHttp.connectFailure(request.uri(), e, timeout.connect()), e);
        }
      } catch (IOException e) {
        throw new ActivityFailedException("failed to connect to " + url + ": " + InterruptibleHttp.reason(e), e);
      }
    }
  }

  private static Map<String, Object> output(HttpResponse<byte[]> response) throws ActivityFailedException {
    Map<String, Object> headers = new LinkedHashMap<>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":") && !values.isEmpty()) {
        headers.put(canonicalName(name), values.get(0));
      }
    });
    Optional<String> contentType = response.headers().firstValue("Content-Type");
    String text = new String(response.body(), charset(contentType));
    Object body = text;
    if (contentType.isPresent() && contentType.get().equals(JSON)) {
      try {
        body = MAPPER.readValue(text, Object.class);
      } catch (JsonProcessingException e) {
        throw new ActivityFailedException("the response's Content-Type is application/json but its body is not"
            + " JSON: " + e.getOriginalMessage(), e);
      }
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("status", response.statusCode());
    output.put("headers", headers);
    output.put("body", body);
    return output;
  }

  // The JDK client hands header names over in lower case; Title-Case is how most servers spell
  // them on HTTP/1.1, so "$.headers.Content-Type" works as it does on Chaos Toolkit's output.
  static String canonicalName(String name) {
    StringBuilder out = new StringBuilder(name.length());
    boolean wordStart = true;
    for (char c : name.toCharArray()) {
      out.append(wordStart ? Character.toUpperCase(c) : Character.toLowerCase(c));
      wordStart = c == '-';
    }
    return out.toString();
  }

  private static Charset charset(Optional<String> contentType) {
    if (contentType.isPresent()) {
      Matcher m = CHARSET.matcher(contentType.get());
      if (m.find()) {
        try {
          return Charset.forName(m.group(1));
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8; // an unknown charset name: UTF-8 is the best guess
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
