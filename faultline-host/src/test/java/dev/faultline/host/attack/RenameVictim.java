package dev.faultline.host.attack;

import dev.faultline.core.fault.RevertGuardian;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A child JVM that moves a file aside as the engine's {@code file-move} fault does — the undo
 * guarded first through the installed {@link RevertGuardian} (found by ServiceLoader, so this
 * proves the service registration too) — prints {@code APPLIED} and waits to be killed.
 */
public final class RenameVictim {
  private RenameVictim() {}

  /** {@code args}: original, moved-to path. */
  public static void main(String[] args) throws Exception {
    Path original = Path.of(args[0]);
    Path movedTo = Path.of(args[1]);
    RevertGuardian guardian = RevertGuardian.installed().orElseThrow(() -> new IllegalStateException("no RevertGuardian installed"));
    guardian.guardRename(original, movedTo, "moved " + original + " aside to " + movedTo);
    Files.move(original, movedTo, StandardCopyOption.ATOMIC_MOVE);
    System.out.println("APPLIED rename");
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
