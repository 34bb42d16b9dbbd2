package dev.faultline.server.response;

import java.util.List;
import java.util.Map;

/**
 * What the control plane recorded about a run that the response is measured against.
 *
 * @param runId the run
 * @param title its title
 * @param status queued, running, completed, …
 * @param deviated whether the steady state deviated (null while unknown)
 * @param verdict the engine's verdict
 * @param startedMs when it started
 * @param endedMs when it ended
 * @param injectedMs when the first fault was applied (or, with no recorded fault, the method started)
 * @param injectedBy what {@code injectedMs} is: the fault's description or "method started"
 * @param revertedMs when the last fault was reverted (or, with no recorded fault, the rollbacks ended)
 * @param steadyBackMs the first steady-state check that held at or after the revert
 * @param probes the hypothesis checks and probe values, as recorded (phase, subject, values)
 * @param profile services, teams and expectations from the experiment
 */
public record RunFacts(String runId, String title, String status, Boolean deviated, String verdict, Long startedMs,
    Long endedMs, Long injectedMs, String injectedBy, Long revertedMs, Long steadyBackMs,
    List<Map<String, Object>> probes, RunProfile profile) {
  public RunFacts {
    probes = List.copyOf(probes);
  }
}
