package dev.faultline.server;

import java.nio.file.Path;

/**
 * How to start a server.
 *
 * @param host the address to listen on (loopback by default: expose it deliberately)
 * @param port the TCP port; 0 picks a free one
 * @param dataDir where the embedded database lives
 * @param databaseUrl a PostgreSQL JDBC URL, or null for the embedded database
 * @param adminTokenFile a file holding the first admin token, or null to generate and print one
 * @param maxBodyBytes the largest request body accepted (413 beyond)
 * @param maxRunning runs executed at once
 * @param maxQueued runs waiting beyond those (503 beyond)
 * @param agentHeartbeatMs how often the server sends each fleet agent a heartbeat (three missed: disconnected)
 */
public record ServerConfig(String host, int port, Path dataDir, String databaseUrl, Path adminTokenFile,
    long maxBodyBytes, int maxRunning, int maxQueued, long agentHeartbeatMs) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** Heartbeat to fleet agents: a cut link is noticed within three of these. */
  public static final long DEFAULT_AGENT_HEARTBEAT_MS = 5000;

  /** Loopback, the given port and data directory, embedded database, default limits. */
  public static ServerConfig defaults(int port, Path dataDir) {
    return new ServerConfig("127.0.0.1", port, dataDir, null, null, DEFAULT_MAX_BODY_BYTES, 4, 64,
        DEFAULT_AGENT_HEARTBEAT_MS);
  }

  /** {@code ~/.faultline/server}. */
  public static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".faultline", "server");
  }

  public ServerConfig withAdminTokenFile(Path file) {
    return new ServerConfig(host, port, dataDir, databaseUrl, file, maxBodyBytes, maxRunning, maxQueued, agentHeartbeatMs);
  }

  public ServerConfig withDatabaseUrl(String url) {
    return new ServerConfig(host, port, dataDir, url, adminTokenFile, maxBodyBytes, maxRunning, maxQueued, agentHeartbeatMs);
  }

  public ServerConfig withMaxBodyBytes(long bytes) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, bytes, maxRunning, maxQueued, agentHeartbeatMs);
  }

  public ServerConfig withAgentHeartbeatMs(long ms) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, maxBodyBytes, maxRunning, maxQueued, ms);
  }
}
