package dev.faultline.core.fault;

import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Something that outlives the process applying a fault and puts the host back if that process
 * dies before reverting (a dead man's switch). Faults that change the host outside any injector
 * ({@code file-move}) journal their undo step here <em>before</em> taking effect. Found with
 * {@link ServiceLoader}; there may be none (the fault then reverts only while its process lives).
 */
public interface RevertGuardian {

  /**
   * Records that {@code movedTo} goes back to {@code original} if this process dies before the
   * returned guard is released; the rename back happens only while {@code movedTo} exists and
   * {@code original} does not, so it is harmless when the move never happened. Call before moving.
   *
   * @param description a sentence for {@code faultline attacks}, e.g. {@code moved /a aside to /b}
   * @throws FaultException the step could not be recorded (then do not move)
   */
  Guard guardRename(Path original, Path movedTo, String description) throws FaultException;

  /** One recorded undo step; released once the fault reverted itself (or never took effect). */
  interface Guard {
    /** Forgets the step; idempotent. */
    void release();
  }

  /** The guardian installed on the class path, if any. */
  static Optional<RevertGuardian> installed() {
    return ServiceLoader.load(RevertGuardian.class, RevertGuardian.class.getClassLoader()).findFirst();
  }
}
