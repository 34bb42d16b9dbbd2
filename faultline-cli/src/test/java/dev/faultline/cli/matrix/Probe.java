package dev.faultline.cli.matrix;

/**
 * Looks at the real system (a proxy's API, /proc, nftables in a namespace, a file, a target JVM's
 * output) and says whether one fault is in effect right now.
 */
@FunctionalInterface
interface Probe {
  /**
   * @param runPid the pid of the {@code faultline run} that applies the fault (some faults live in
   *     it, e.g. CPU burner threads)
   */
  boolean inEffect(long runPid) throws Exception;
}
