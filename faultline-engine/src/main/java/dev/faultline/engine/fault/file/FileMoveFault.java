package dev.faultline.engine.fault.file;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.RevertGuardian;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/**
 * Moves a file or directory aside so whoever needs it finds it missing, and moves it back on
 * recovery: the native form of the classic Chaos Toolkit {@code os.rename} experiment. With a
 * {@link RevertGuardian} installed (the host module's), the move back is journaled before the move,
 * so it happens even if this process is killed.
 */
public final class FileMoveFault implements Fault {
  private final Path path;
  private final Path movedTo;
  private final Optional<RevertGuardian> guardian;
  private volatile RevertGuardian.Guard guard;

  /**
   * A move that reverts only while this process lives.
   *
   * @param path the file or directory to hide
   * @param movedTo where it waits; must not exist yet
   */
  public FileMoveFault(Path path, Path movedTo) {
    this(path, movedTo, Optional.empty());
  }

  /** A move whose return {@code guardian}, if present, guarantees even if this process dies. */
  public FileMoveFault(Path path, Path movedTo, Optional<RevertGuardian> guardian) {
    this.path = path;
    this.movedTo = movedTo;
    this.guardian = guardian;
  }

  @Override
  public void apply() throws FaultException {
    if (!Files.exists(path)) {
      throw new FaultException(path + " does not exist, so it cannot be moved aside");
    }
    if (Files.exists(movedTo)) {
      throw new FaultException(movedTo + " already exists; remove it or choose another destination");
    }
    // Journaled before the move: a kill between the two finds nothing at movedTo and does nothing.
    RevertGuardian.Guard g = guardian.isPresent() ? guardian.get().guardRename(path, movedTo, describe()) : null;
    try {
      Files.move(path, movedTo, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      if (g != null) {
        g.release();
      }
      throw new FaultException("could not move " + path + " to " + movedTo + ": " + e.getMessage(), e);
    }
    guard = g;
  }

  @Override
  public void recover() throws FaultException {
    if (!Files.exists(movedTo) || Files.exists(path)) {
      release(); // never applied, already recovered (maybe by a halt), or someone recreated the original: leave theirs alone
      return;
    }
    try {
      Files.move(movedTo, path, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new FaultException("could not move " + movedTo + " back to " + path + ": " + e.getMessage(), e);
    }
    release();
  }

  private void release() {
    RevertGuardian.Guard g = guard;
    if (g != null) {
      guard = null;
      g.release();
    }
  }

  @Override
  public String describe() {
    return "moved " + path + " aside to " + movedTo;
  }
}
