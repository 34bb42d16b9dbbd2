package dev.faultline.fleet.agent;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How an agent connects.
 *
 * @param server the server's base URL ({@code http(s)://} or {@code ws(s)://}); TLS for https/wss
 * @param token the agent's bearer token
 * @param name the agent's name among the fleet
 * @param tags labels targets are chosen by
 * @param proxies fault proxy API URLs to report reachability of
 * @param stateFile where the agent records what it holds
 * @param maxBackoff the longest pause between two connection attempts
 */
public record AgentConfig(URI server, String token, String name, Map<String, String> tags, List<URI> proxies,
    Path stateFile, Duration maxBackoff) {
  public AgentConfig {
    tags = Map.copyOf(tags);
    proxies = List.copyOf(proxies);
  }

  /** The WebSocket URL of the server's agent endpoint. */
  public URI connectUri() {
    String scheme = switch (server.getScheme() == null ? "" : server.getScheme()) {
      case "https", "wss" -> "wss";
      case "http", "ws" -> "ws";
      default -> throw new IllegalArgumentException("the server URL must start with http://, https://, ws:// or wss://, got "
          + server);
    };
    String base = server.toString().replaceFirst("^[a-z]+://", scheme + "://");
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    return URI.create(base + dev.faultline.fleet.protocol.Protocol.CONNECT_PATH);
  }
}
