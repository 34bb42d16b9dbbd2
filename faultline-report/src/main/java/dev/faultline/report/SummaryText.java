package dev.faultline.report;

/** Wording shared by the HTML and Markdown renderers, so both say the same thing. */
final class SummaryText {
  private SummaryText() {}

  /** Which engine wrote the journal, e.g. {@code Faultline 0.1.0 (chaoslib-version 1.44.0)}. */
  static String engine(RunSummary s) {
    if (s.faultlineVersion() != null && s.chaoslibVersion() != null) {
      return "Faultline " + s.faultlineVersion() + " (chaoslib-version " + s.chaoslibVersion() + ")";
    }
    if (s.faultlineVersion() != null) {
      return "Faultline " + s.faultlineVersion();
    }
    return s.chaoslibVersion() == null ? null : "chaoslib " + s.chaoslibVersion();
  }

  /** A strategy, or a note that the journal does not say (Chaos Toolkit does not record it). */
  static String strategy(String strategy) {
    return strategy == null ? "not recorded" : strategy;
  }

  /** An activity's status, plus the tolerance result for hypothesis probes. */
  static String outcome(ActivityRow row) {
    if (row.toleranceMet() == null) {
      return row.status();
    }
    return row.status() + (row.toleranceMet() ? ", within tolerance" : ", out of tolerance");
  }

  /** Whether the outcome should stand out: the activity raised or missed its tolerance. */
  static boolean bad(ActivityRow row) {
    return row.failed() || Boolean.FALSE.equals(row.toleranceMet());
  }

  /** The first error, when the verdict's sentence does not already carry it. */
  static String extraError(Verdict verdict) {
    String error = verdict.firstError();
    return error != null && !verdict.text().contains(error) ? error : null;
  }

  /** The engine's own verdict, when it says something other than the report's. */
  static String engineVerdict(RunSummary s, Verdict verdict) {
    return s.engineVerdict() != null && !s.engineVerdict().equals(verdict.text()) ? s.engineVerdict() : null;
  }
}
