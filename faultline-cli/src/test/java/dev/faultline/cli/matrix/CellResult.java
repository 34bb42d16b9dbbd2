package dev.faultline.cli.matrix;

/**
 * What one fault × failure-mode cell showed.
 *
 * @param revertMs time from the failure (or the duration's end) to the revert seen on the real
 *     system; -1 when there was none
 * @param detail why the cell is N/A or skipped, or what was seen when it failed
 */
record CellResult(Kind kind, long revertMs, String detail) {
  enum Kind { REVERTED, NOT_REVERTED, NEVER_APPLIED, NOT_APPLICABLE, SKIPPED }

  static CellResult reverted(long revertMs) {
    return new CellResult(Kind.REVERTED, revertMs, "");
  }

  static CellResult notReverted(String detail) {
    return new CellResult(Kind.NOT_REVERTED, -1, detail);
  }

  static CellResult neverApplied(String detail) {
    return new CellResult(Kind.NEVER_APPLIED, -1, detail);
  }

  static CellResult notApplicable(String reason) {
    return new CellResult(Kind.NOT_APPLICABLE, -1, reason);
  }

  static CellResult skipped(String reason) {
    return new CellResult(Kind.SKIPPED, -1, reason);
  }

  /** The table cell: the time, or what happened instead. */
  String text() {
    return switch (kind) {
      case REVERTED -> revertMs + " ms";
      case NOT_REVERTED -> "**not reverted**";
      case NEVER_APPLIED -> "**never applied**";
      case NOT_APPLICABLE -> "N/A";
      case SKIPPED -> "skip";
    };
  }
}
