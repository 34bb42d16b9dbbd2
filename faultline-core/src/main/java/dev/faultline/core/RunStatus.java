package dev.faultline.core;

/** How a run ended, with Chaos Toolkit's four values. */
public enum RunStatus {
  /** Everything ran (tolerances may still have been missed: see deviated). */
  COMPLETED,
  /** A hypothesis probe raised, or fail-fast stopped the run. */
  FAILED,
  /** Something unforeseen, such as an unknown reference. */
  ABORTED,
  /** A signal, a control or a safeguard stopped the run. */
  INTERRUPTED;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
