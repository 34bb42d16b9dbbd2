package dev.faultline.report;

/**
 * One executed activity: a hypothesis probe, a method step or a rollback.
 *
 * @param phase hypothesis-before, hypothesis-during, hypothesis-after, method or rollback
 * @param name the activity's name
 * @param activityType probe or action
 * @param providerType http, process, python or one of Faultline's fault providers
 * @param startOffsetMs when it started, in milliseconds since the run started
 * @param durationMs how long it took, pauses excluded
 * @param status succeeded or failed
 * @param toleranceMet for hypothesis probes: whether the value was within tolerance; else null
 * @param errorMessage the last line of the exception when it failed; else null
 */
public record ActivityRow(String phase, String name, String activityType, String providerType,
    double startOffsetMs, double durationMs, String status, Boolean toleranceMet,
    String errorMessage) {

  /** Whether the activity raised. */
  public boolean failed() {
    return "failed".equals(status);
  }
}
