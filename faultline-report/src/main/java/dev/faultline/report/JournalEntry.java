package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One run entry of the journal (a method step, a rollback or a hypothesis probe), read once.
 *
 * @param phase where it ran, see {@link Phase}
 * @param name the activity's name
 * @param activityType probe or action
 * @param providerType the provider's type
 * @param tolerance the activity's tolerance, or a missing node
 * @param output the provider's output, or a missing node
 * @param startOffsetMs start since the run start
 * @param durationMs duration, pauses excluded
 * @param status succeeded or failed
 * @param toleranceMet the journal's tolerance_met, or null
 * @param errorMessage the exception's last line, or null
 */
record JournalEntry(String phase, String name, String activityType, String providerType,
    JsonNode tolerance, JsonNode output, double startOffsetMs, double durationMs, String status,
    Boolean toleranceMet, String errorMessage) {

  double endOffsetMs() {
    return startOffsetMs + durationMs;
  }

  boolean failed() {
    return "failed".equals(status);
  }

  ActivityRow toRow() {
    return new ActivityRow(phase, name, activityType, providerType, startOffsetMs, durationMs,
        status, toleranceMet, errorMessage);
  }
}
