package dev.faultline.cli.matrix;

/**
 * Looks at the real system (a proxy's API and traffic, /proc, nftables in a namespace, a file, a
 * target JVM's output) and says whether one fault is in effect right now.
 */
interface Probe {
  /**
   * Whether the fault is seen applied.
   *
   * @param runPid the pid of the {@code faultline run} that applies the fault (some faults live in
   *     it, e.g. CPU burner threads)
   */
  boolean inEffect(long runPid) throws Exception;

  /**
   * Whether any sign of the fault is left, asked once it was seen applied (and before a column
   * starts). By default the same look; a probe with two signs (a toxic listed, slow traffic) needs
   * both to call the fault applied and neither to call it reverted.
   */
  default boolean anySign(long runPid) throws Exception {
    return inEffect(runPid);
  }

  /** A probe that is applied when {@code a} and {@code b} both show, reverted when neither does. */
  static Probe both(Probe a, Probe b) {
    return new Probe() {
      @Override
      public boolean inEffect(long runPid) throws Exception {
        return a.inEffect(runPid) && b.inEffect(runPid);
      }

      @Override
      public boolean anySign(long runPid) throws Exception {
        return a.inEffect(runPid) || b.inEffect(runPid);
      }
    };
  }
}
