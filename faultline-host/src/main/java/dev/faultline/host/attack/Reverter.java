package dev.faultline.host.attack;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.net.NetworkNamespace;
import dev.faultline.host.net.NftTable;
import dev.faultline.host.net.Qdiscs;
import dev.faultline.host.process.MarkedProcesses;
import dev.faultline.host.process.ProcessInfo;
import dev.faultline.host.process.Signals;
import dev.faultline.host.state.UndoStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Carries out {@link UndoStep}s. Every step is idempotent and safe to run from any process, so the
 * attacker's own recovery, {@code faultline halt} and crash recovery all share this code.
 */
public final class Reverter {
  private Reverter() {}

  /**
   * Runs every step, even when one fails; throws afterwards naming each failure.
   */
  public static void undo(List<UndoStep> steps) throws FaultException {
    List<String> failures = new ArrayList<>();
    for (UndoStep step : steps) {
      try {
        undo(step);
      } catch (FaultException | IOException | RuntimeException e) {
        failures.add(e.getMessage());
      }
    }
    if (!failures.isEmpty()) {
      throw new FaultException("revert incomplete: " + String.join("; ", failures));
    }
  }

  private static void undo(UndoStep step) throws FaultException, IOException {
    if (step instanceof UndoStep.RemoveFile f) {
      Files.deleteIfExists(Path.of(f.path()));
    } else if (step instanceof UndoStep.ContinueProcess c) {
      // SIGCONT only the very process we stopped, not a newcomer that reused its pid.
      if (ProcessInfo.isAlive(c.pid(), c.startedAtMs())) {
        Signals.send(c.pid(), "SIGCONT");
      }
    } else if (step instanceof UndoStep.KillMarkedProcesses k) {
      MarkedProcesses.killAll(k.marker());
    } else if (step instanceof UndoStep.DeleteNftChains n) {
      NftTable.deleteChains(new NetworkNamespace(n.netns()), n.chains());
    } else if (step instanceof UndoStep.DeleteQdisc q) {
      Qdiscs.removeOurs(new NetworkNamespace(q.netns()), q.device(), q.handle());
    } else if (step instanceof UndoStep.RenameBack r) {
      renameBack(Path.of(r.original()), Path.of(r.movedTo()));
    }
  }

  private static void renameBack(Path original, Path movedTo) throws IOException {
    // Never moved yet, already back, or someone made a new original: leave everything as it is.
    if (Files.exists(movedTo, LinkOption.NOFOLLOW_LINKS) && !Files.exists(original, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.move(movedTo, original, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        throw new IOException("could not move " + movedTo + " back to " + original + ": " + e.getMessage(), e);
      }
    }
  }
}
