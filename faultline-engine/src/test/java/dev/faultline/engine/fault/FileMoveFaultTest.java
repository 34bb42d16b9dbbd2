package dev.faultline.engine.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.fault.RevertGuardian;
import dev.faultline.engine.fault.file.FileMoveFault;
import dev.faultline.engine.fault.file.FileMoveFaultType;
import dev.faultline.testkit.FaultContractTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileMoveFaultTest extends FaultContractTest {
  @TempDir
  Path dir;

  private Path file() {
    return dir.resolve("service.pid");
  }

  @Override
  protected Fault newFault() throws Exception {
    if (!Files.exists(file())) {
      Files.writeString(file(), "42");
    }
    return new FileMoveFaultType().create(new FaultArguments("file-move", Map.of("path", file().toString())));
  }

  @Override
  protected boolean faultIsInEffect() {
    return !Files.exists(file()) && Files.exists(dir.resolve("service.pid.faultline-moved"));
  }

  @Test
  void keepsTheContentThroughTheRoundTrip() throws Exception {
    Fault fault = newFault();
    fault.apply();
    fault.recover();
    assertThat(Files.readString(file())).isEqualTo("42");
  }

  @Test
  void refusesAMissingFileAndLeavesNothingApplied() {
    Fault fault = new FileMoveFault(dir.resolve("absent"), dir.resolve("absent.moved"));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class)
        .hasMessage(dir.resolve("absent") + " does not exist, so it cannot be moved aside");
    assertThat(dir.resolve("absent.moved")).doesNotExist();
  }

  @Test
  void reportsEveryBadArgumentAtOnce() {
    assertThatThrownBy(() -> new FileMoveFaultType().create(new FaultArguments("file-move",
        Map.of("destination", 5, "colour", "red"))))
        .isInstanceOf(InvalidFaultArgumentsException.class)
        .hasMessage("invalid arguments for fault 'file-move': path: required parameter is missing; "
            + "destination: expected a non-empty string, got 5; colour: unknown parameter; known: path, destination");
  }

  /** Records what a guardian is asked, and what the file system looked like at that moment. */
  private static final class RecordingGuardian implements RevertGuardian {
    final List<String> events = new ArrayList<>();

    @Override
    public Guard guardRename(Path original, Path movedTo, String description) {
      events.add("guard " + original.getFileName() + " -> " + movedTo.getFileName() + " (original there: "
          + Files.exists(original) + ")");
      return () -> events.add("release");
    }
  }

  @Test
  void journalsTheMoveBackWithTheGuardianBeforeMovingAndReleasesItAfterRecovery() throws Exception {
    Files.writeString(file(), "42");
    RecordingGuardian guardian = new RecordingGuardian();
    Fault fault = new FileMoveFaultType(Optional.of(guardian))
        .create(new FaultArguments("file-move", Map.of("path", file().toString())));
    fault.apply();
    assertThat(guardian.events).containsExactly("guard service.pid -> service.pid.faultline-moved (original there: true)");
    fault.recover();
    fault.recover();
    assertThat(guardian.events).endsWith("release").hasSize(2);
    assertThat(Files.readString(file())).isEqualTo("42");
  }

  @Test
  void aMoveThatFailsReleasesItsGuardAndLeavesNothingApplied() throws Exception {
    Files.writeString(file(), "42");
    RecordingGuardian guardian = new RecordingGuardian();
    // The destination's parent does not exist, so the move itself fails after the guard was taken.
    Fault fault = new FileMoveFault(file(), dir.resolve("no-such-dir").resolve("x"), Optional.of(guardian));
    assertThatThrownBy(fault::apply).isInstanceOf(FaultException.class).hasMessageContaining("could not move");
    assertThat(guardian.events).hasSize(2).endsWith("release");
    assertThat(file()).exists();
  }
}
