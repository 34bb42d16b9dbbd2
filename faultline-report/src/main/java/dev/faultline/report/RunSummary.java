package dev.faultline.report;

import java.util.List;

/**
 * The facts about a run shown at the top of a report. Text fields are {@code null} when the
 * journal does not record them.
 *
 * @param title the experiment's title
 * @param description the experiment's description
 * @param tags the experiment's tags
 * @param start when the run started, as written in the journal
 * @param end when the run ended, as written in the journal
 * @param durationSeconds the wall time of the whole run
 * @param status completed, failed, aborted or interrupted
 * @param deviated whether the steady state did not hold after the method
 * @param hypothesisStrategy when the hypothesis was evaluated (Faultline key or experiment runtime)
 * @param rollbackStrategy when rollbacks were played (Faultline key or experiment runtime)
 * @param node the host that ran the experiment
 * @param platform the operating system that ran the experiment
 * @param chaoslibVersion the "chaoslib-version" key
 * @param faultlineVersion the Faultline version that wrote the journal
 * @param engineVerdict the verdict the engine wrote in the journal
 * @param warnings warnings the engine wrote in the journal
 */
public record RunSummary(String title, String description, List<String> tags, String start,
    String end, double durationSeconds, String status, boolean deviated, String hypothesisStrategy,
    String rollbackStrategy, String node, String platform, String chaoslibVersion,
    String faultlineVersion, String engineVerdict, List<String> warnings) {
  public RunSummary {
    tags = List.copyOf(tags);
    warnings = List.copyOf(warnings);
  }
}
