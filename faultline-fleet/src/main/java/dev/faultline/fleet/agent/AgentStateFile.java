package dev.faultline.fleet.agent;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.faultline.fleet.protocol.Message.Apply;
import dev.faultline.fleet.protocol.Message.FaultReport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.security.SecureRandom;

/**
 * The agent's own record of what it holds (JSON, replaced atomically on every change): the faults
 * applied and not yet reverted, the ended faults not yet reported, and the installation's id. A
 * restarted agent reads it to report what happened to the faults its previous process held.
 */
final class AgentStateFile {
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** A held fault as written. */
  record HeldRecord(Apply request, long appliedMs) {}

  /** The whole file. */
  record Contents(String instanceId, List<HeldRecord> held, List<FaultReport> reports) {
    Contents {
      held = held == null ? List.of() : List.copyOf(held);
      reports = reports == null ? List.of() : List.copyOf(reports);
    }
  }

  private final Path file;
  private final String instanceId;

  private AgentStateFile(Path file, String instanceId) {
    this.file = file;
    this.instanceId = instanceId;
  }

  /**
   * Opens {@code file}, returning it with what a previous process left (empty when there is none).
   *
   * @throws IOException the file exists but cannot be read as a state file (the message names it)
   */
  static Opened open(Path file) throws IOException {
    Contents previous = new Contents(null, List.of(), List.of());
    if (Files.exists(file)) {
      try {
        previous = MAPPER.readValue(file.toFile(), Contents.class);
      } catch (IOException e) {
        throw new IOException("the agent state file " + file + " is unreadable (" + e.getMessage()
            + "); move it aside to start afresh", e);
      }
    }
    String id = previous.instanceId();
    if (id == null || id.isBlank()) {
      byte[] b = new byte[8];
      new SecureRandom().nextBytes(b);
      id = "agt_" + HexFormat.of().formatHex(b);
    }
    Files.createDirectories(file.toAbsolutePath().getParent());
    AgentStateFile f = new AgentStateFile(file, id);
    f.write(previous.held(), previous.reports());
    return new Opened(f, previous);
  }

  record Opened(AgentStateFile file, Contents previous) {}

  String instanceId() {
    return instanceId;
  }

  Path path() {
    return file;
  }

  /** Replaces the file's contents; a crash leaves the old or the new file, never half of one. */
  synchronized void write(List<HeldRecord> held, List<FaultReport> reports) {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try {
      MAPPER.writeValue(tmp.toFile(), new Contents(instanceId, held, reports));
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the agent state file " + file + ": " + e.getMessage(), e);
    }
  }
}
