package dev.faultline.host.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * How clients find and prove themselves to the local agent: {@code agent.json} (pid and loopback
 * port) and {@code agent.token} (a random secret readable only by its owner) in the state directory.
 *
 * @param pid the agent's process id
 * @param port its loopback port
 * @param token the secret every request carries as {@code Authorization: Bearer <token>}
 */
public record AgentEndpoint(long pid, int port, String token) {
  static final String INFO = "agent.json";
  static final String TOKEN = "agent.token";

  /** A new random token. */
  static String newToken() {
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** Writes both files: the token with mode 0600 from its creation on, then the info file. */
  void publish(Path stateDir) {
    try {
      Files.createDirectories(stateDir);
      Path temp = stateDir.resolve("." + TOKEN + "." + pid);
      Files.deleteIfExists(temp);
      Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(temp, token);
      Files.move(temp, stateDir.resolve(TOKEN), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      Path info = stateDir.resolve("." + INFO + "." + pid);
      Files.writeString(info, new ObjectMapper().writeValueAsString(Map.of("pid", pid, "port", port)));
      Files.move(info, stateDir.resolve(INFO), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("could not publish the agent's endpoint in " + stateDir + ": " + e.getMessage(), e);
    }
  }

  /** Removes the files if they are still this agent's. */
  void withdraw(Path stateDir) {
    if (read(stateDir).map(e -> e.pid() == pid).orElse(false)) {
      try {
        Files.deleteIfExists(stateDir.resolve(INFO));
        Files.deleteIfExists(stateDir.resolve(TOKEN));
      } catch (IOException e) {
        // a stale endpoint is detected by clients through the dead pid
      }
    }
  }

  /** The endpoint of the agent running for this state directory, if one is published and alive. */
  public static Optional<AgentEndpoint> read(Path stateDir) {
    try {
      Map<?, ?> info = new ObjectMapper().readValue(stateDir.resolve(INFO).toFile(), Map.class);
      long pid = ((Number) info.get("pid")).longValue();
      int port = ((Number) info.get("port")).intValue();
      String token = Files.readString(stateDir.resolve(TOKEN)).strip();
      if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
        return Optional.of(new AgentEndpoint(pid, port, token));
      }
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
