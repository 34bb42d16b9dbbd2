package dev.faultline.report;

/** The journal's phase names, and the family (chart row group) each belongs to. */
final class Phase {
  static final String BEFORE = "hypothesis-before";
  static final String DURING = "hypothesis-during";
  static final String AFTER = "hypothesis-after";
  static final String METHOD = "method";
  static final String ROLLBACK = "rollback";
  static final String SAFEGUARD = "safeguard";
  static final String FAULT = "fault";

  private Phase() {}

  /** hypothesis, method, rollback, safeguard or fault; unknown phases are their own family. */
  static String family(String phase) {
    if (phase == null || phase.isBlank()) {
      return "other";
    }
    return phase.startsWith("hypothesis") ? "hypothesis" : phase;
  }
}
