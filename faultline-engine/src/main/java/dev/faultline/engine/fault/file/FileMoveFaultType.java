package dev.faultline.engine.fault.file;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.fault.RevertGuardian;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code file-move}: hide a file or directory for the fault's duration. The move back is guarded
 * by the installed {@link RevertGuardian}, if any, so it survives the death of the run.
 */
public final class FileMoveFaultType implements FaultType {
  private final Optional<RevertGuardian> guardian;

  /** The type guarded by the installed {@link RevertGuardian}, if any ({@link java.util.ServiceLoader}). */
  public FileMoveFaultType() {
    this(RevertGuardian.installed());
  }

  /** The type guarded by {@code guardian} (tests pass their own). */
  public FileMoveFaultType(Optional<RevertGuardian> guardian) {
    this.guardian = guardian;
  }
  @Override
  public String name() {
    return "file-move";
  }

  @Override
  public String summary() {
    return "Moves a file or directory aside and puts it back on recovery.";
  }

  @Override
  public boolean reversible() {
    return true;
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("path", "path", true, "the file or directory to move aside; must exist"),
        new FaultParameter("destination", "path", false,
            "where it waits during the fault; must not exist (default: path + '.faultline-moved')"));
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Path path = arguments.path("path");
    String destination = arguments.optionalString("destination", null);
    arguments.finish();
    Path movedTo = destination != null ? Path.of(destination) : Path.of(path + ".faultline-moved");
    return new FileMoveFault(path, movedTo, guardian);
  }
}
