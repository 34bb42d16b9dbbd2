package dev.faultline.jvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * Where a JVM's agent listens and the token it demands, read from {@code <stateDir>/<pid>.token}.
 *
 * @param pid the target process
 * @param port the loopback port of its control channel
 * @param token the shared secret written by the agent, readable by the owner only
 */
public record AgentEndpoint(long pid, int port, String token) {

  /** The token file for {@code pid}. */
  public static Path file(Path stateDir, long pid) {
    return stateDir.resolve(pid + ".token");
  }

  /** The endpoint, or empty when no agent has written a token file for {@code pid}. */
  public static Optional<AgentEndpoint> read(Path stateDir, long pid) throws JvmAgentException {
    Path f = file(stateDir, pid);
    Properties p = new Properties();
    try (var in = Files.newInputStream(f)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new JvmAgentException("cannot read the agent's token file " + f + ": " + e.getMessage()
          + " (it is readable by the target JVM's user only)");
    }
    try {
      return Optional.of(new AgentEndpoint(pid, Integer.parseInt(p.getProperty("port", "")),
          p.getProperty("token", "")));
    } catch (NumberFormatException e) {
      throw new JvmAgentException("the agent's token file " + f + " has no valid port");
    }
  }
}
