package dev.faultline.engine.provider;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Sends queries to Prometheus's HTTP API ({@code GET /api/v1/query} and
 * {@code /api/v1/query_range}), for the {@code prometheus} provider and the chaosprometheus
 * stand-ins. It returns the answer as it came; callers decide what is a failure and how to say
 * it. Waiting for the answer ends at once on thread interrupt.
 */
public final class PrometheusClient {
  /** Where chaosprometheus looks when the configuration has no {@code prometheus_base_url}. */
  public static final String DEFAULT_BASE_URL = "http://localhost:9090";
  /** The configuration key chaosprometheus reads the base URL from. */
  public static final String BASE_URL_KEY = "prometheus_base_url";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final String baseUrl;
  private final boolean verifyTls;

  /**
   * @param baseUrl Prometheus's address, e.g. {@code http://localhost:9090}; a trailing slash is
   *     ignored
   * @param verifyTls whether an https server's certificate must be valid
   */
  public PrometheusClient(String baseUrl, boolean verifyTls) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    this.verifyTls = verifyTls;
  }

  /** The base URL chaosprometheus uses for {@code configuration}. */
  public static String baseUrl(Map<String, Object> configuration) {
    Object configured = configuration == null ? null : configuration.get(BASE_URL_KEY);
    return configured == null ? DEFAULT_BASE_URL : String.valueOf(configured);
  }

  /** The base URL queries go to, without a trailing slash. */
  public String baseUrl() {
    return baseUrl;
  }

  /** Prometheus's answer: its HTTP status and body text. */
  public record Answer(int status, String body) {
    /** The body as a JSON value (for Prometheus, an object with {@code status} and {@code data}). */
    public Object json() throws ActivityFailedException {
      try {
        return MAPPER.readValue(body, Object.class);
      } catch (JsonProcessingException e) {
        String start = body.length() > 200 ? body.substring(0, 200) + "…" : body;
        throw new ActivityFailedException("Prometheus answered with something that is not JSON: " + start, e);
      }
    }
  }

  /** An instant query: {@code GET /api/v1/query} with {@code params} (query, time, timeout…), in order. */
  public Answer query(Map<String, String> params, Optional<Duration> httpTimeout)
      throws ActivityFailedException, InterruptedException {
    return get("/api/v1/query", params, httpTimeout);
  }

  /** A range query: {@code GET /api/v1/query_range} with {@code params} (query, start, end, step…). */
  public Answer queryRange(Map<String, String> params, Optional<Duration> httpTimeout)
      throws ActivityFailedException, InterruptedException {
    return get("/api/v1/query_range", params, httpTimeout);
  }

  private Answer get(String apiPath, Map<String, String> params, Optional<Duration> httpTimeout)
      throws ActivityFailedException, InterruptedException {
    String url = baseUrl + apiPath;
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(url + "?" + FormEncoding.encode(params)))
          .header("Accept", "application/json")
          .GET()
          .build();
    } catch (IllegalArgumentException e) {
      throw new ActivityFailedException("invalid Prometheus URL \"" + baseUrl + "\": " + e.getMessage(), e);
    }
    try {
      HttpResponse<String> response = InterruptibleHttp.send(InterruptibleHttp.client(verifyTls, Optional.empty()),
          request, HttpResponse.BodyHandlers.ofString(), httpTimeout);
      return new Answer(response.statusCode(), response.body());
    } catch (TimeoutException e) {
      throw new ActivityFailedException("Prometheus at " + baseUrl + " did not answer within "
          + httpTimeout.map(d -> d.toMillis() / 1000.0 + " s").orElse("the time limit"), e);
    } catch (ConnectException e) {
      throw new ActivityFailedException("failed to connect to Prometheus at " + url + ": "
          + InterruptibleHttp.connectFailure(request.uri(), e, Optional.empty()), e);
    } catch (IOException e) {
      throw new ActivityFailedException("failed to connect to Prometheus at " + url + ": "
          + InterruptibleHttp.reason(e), e);
    }
  }
}
