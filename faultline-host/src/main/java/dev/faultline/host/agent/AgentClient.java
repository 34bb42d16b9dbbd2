package dev.faultline.host.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** Talks to the local agent through its loopback control API ({@code faultline attack --detach}). */
public final class AgentClient {
  private final AgentEndpoint endpoint;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ObjectMapper json = new ObjectMapper();

  public AgentClient(AgentEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The client of the agent serving this state directory.
   *
   * @throws AgentException when no agent runs
   */
  public static AgentClient connect(Path stateDir) throws AgentException {
    return new AgentClient(AgentEndpoint.read(stateDir).orElseThrow(() -> new AgentException(
        "no Faultline agent is running for " + stateDir + "; start one with 'faultline agent' (as the same user)")));
  }

  /** Hands an attack to the agent; returns its answer ({@code id}, {@code target}, {@code endsAtMs}). */
  public Map<String, Object> startAttack(String kind, Map<String, Object> parameters, String length) throws AgentException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("kind", kind);
    body.put("parameters", parameters);
    body.put("length", length);
    return call("POST", "/attacks", body);
  }

  /** Asks the agent to halt every attack on the host. */
  public Map<String, Object> halt() throws AgentException {
    return call("POST", "/halt", Map.of());
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(String method, String path, Object body) throws AgentException {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + path))
          .timeout(Duration.ofSeconds(60))
          .header("Authorization", "Bearer " + endpoint.token())
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      Map<String, Object> answer = json.readValue(response.body(), Map.class);
      if (response.statusCode() >= 300) {
        throw new AgentException(String.valueOf(answer.getOrDefault("error", "agent answered " + response.statusCode())));
      }
      return answer;
    } catch (IOException e) {
      throw new AgentException("could not reach the agent on 127.0.0.1:" + endpoint.port() + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AgentException("interrupted while talking to the agent");
    }
  }
}
