package dev.faultline.engine.fault.file;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Moves a file or directory aside so whoever needs it finds it missing, and moves it back on
 * recovery: the native form of the classic Chaos Toolkit {@code os.rename} experiment.
 */
public final class FileMoveFault implements Fault {
  private final Path path;
  private final Path movedTo;

  /**
   * @param path the file or directory to hide
   * @param movedTo where it waits; must not exist yet
   */
  public FileMoveFault(Path path, Path movedTo) {
    this.path = path;
    this.movedTo = movedTo;
  }

  @Override
  public void apply() throws FaultException {
    if (!Files.exists(path)) {
      throw new FaultException(path + " does not exist, so it cannot be moved aside");
    }
    if (Files.exists(movedTo)) {
      throw new FaultException(movedTo + " already exists; remove it or choose another destination");
    }
    try {
      Files.move(path, movedTo, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FaultException("could not move " + path + " to " + movedTo + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void recover() throws FaultException {
    if (!Files.exists(movedTo) || Files.exists(path)) {
      return; // never applied, already recovered, or someone recreated the original: leave theirs alone
    }
    try {
      Files.move(movedTo, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FaultException("could not move " + movedTo + " back to " + path + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "moved " + path + " aside to " + movedTo;
  }
}
