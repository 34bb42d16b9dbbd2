package dev.faultline.server;

import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.run.RunManager;
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
 * @param runLeaseMs how long this replica's claim on a run lasts unless renewed (renewed every
 *     third of it); another replica recovers the run when it runs out
 * @param replicaPollMs how often the replica looks at the shared halt row, aborts and leases
 * @param continuous how continuous chaos schedules, pauses and notifies
 * @param agentHeartbeatMs how often the server sends each fleet agent a heartbeat (three missed: disconnected)
 */
public record ServerConfig(String host, int port, Path dataDir, String databaseUrl, Path adminTokenFile,
    long maxBodyBytes, int maxRunning, int maxQueued, long runLeaseMs, long replicaPollMs,
    ContinuousSettings continuous, long agentHeartbeatMs) {

  public static final long DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
  /** Heartbeat to fleet agents: a cut link is noticed within three of these. */
  public static final long DEFAULT_AGENT_HEARTBEAT_MS = 5000;

  /** How often a replica looks at the shared halt row by default: a halt reaches it well within 1 s. */
  public static final long DEFAULT_REPLICA_POLL_MS = 100;

  public ServerConfig {
    if (runLeaseMs < 1_000 || runLeaseMs > 600_000) {
      throw new IllegalArgumentException("the run lease must be between 1 s and 10 min; got " + runLeaseMs + " ms");
    }
    if (replicaPollMs < 10 || replicaPollMs > runLeaseMs / 3) {
      throw new IllegalArgumentException("the replica poll interval must be between 10 ms and a third of the run "
          + "lease (" + runLeaseMs / 3 + " ms); got " + replicaPollMs + " ms");
    }
  }

  /** The default lease, poll interval and continuous-chaos settings. */
  public ServerConfig(String host, int port, Path dataDir, String databaseUrl, Path adminTokenFile, long maxBodyBytes,
      int maxRunning, int maxQueued) {
    this(host, port, dataDir, databaseUrl, adminTokenFile, maxBodyBytes, maxRunning, maxQueued,
        RunManager.DEFAULT_LEASE_MS, DEFAULT_REPLICA_POLL_MS, ContinuousSettings.defaults(),
        DEFAULT_AGENT_HEARTBEAT_MS);
  }

  /** Loopback, the given port and data directory, embedded database, default limits. */
  public static ServerConfig defaults(int port, Path dataDir) {
    return new ServerConfig("127.0.0.1", port, dataDir, null, null, DEFAULT_MAX_BODY_BYTES, 4, 64);
  }

  /** {@code ~/.faultline/server}. */
  public static Path defaultDataDir() {
    return Path.of(System.getProperty("user.home"), ".faultline", "server");
  }

  public ServerConfig withAdminTokenFile(Path file) {
    return new ServerConfig(host, port, dataDir, databaseUrl, file, maxBodyBytes, maxRunning, maxQueued, runLeaseMs,
        replicaPollMs, continuous, agentHeartbeatMs);
  }

  public ServerConfig withDatabaseUrl(String url) {
    return new ServerConfig(host, port, dataDir, url, adminTokenFile, maxBodyBytes, maxRunning, maxQueued, runLeaseMs,
        replicaPollMs, continuous, agentHeartbeatMs);
  }

  public ServerConfig withMaxBodyBytes(long bytes) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, bytes, maxRunning, maxQueued, runLeaseMs,
        replicaPollMs, continuous, agentHeartbeatMs);
  }

  /** With at most {@code runs} runs executing at once on this server. */
  public ServerConfig withMaxRunning(int runs) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, maxBodyBytes, runs, maxQueued, runLeaseMs,
        replicaPollMs, continuous, agentHeartbeatMs);
  }

  /** With this run lease (the poll interval shrinks to a third of it when it would not fit). */
  public ServerConfig withRunLeaseMs(long ms) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, maxBodyBytes, maxRunning, maxQueued, ms,
        Math.min(replicaPollMs, Math.max(10, ms / 3)), continuous, agentHeartbeatMs);
  }

  public ServerConfig withContinuous(ContinuousSettings settings) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, maxBodyBytes, maxRunning, maxQueued,
        runLeaseMs, replicaPollMs, settings, agentHeartbeatMs);
  }

  /** With this heartbeat to fleet agents. */
  public ServerConfig withAgentHeartbeatMs(long ms) {
    return new ServerConfig(host, port, dataDir, databaseUrl, adminTokenFile, maxBodyBytes, maxRunning, maxQueued,
        runLeaseMs, replicaPollMs, continuous, ms);
  }
}
