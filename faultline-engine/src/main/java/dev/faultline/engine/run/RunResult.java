package dev.faultline.engine.run;

import dev.faultline.core.RunStatus;
import java.util.Map;

/**
 * How a run ended, with its journal (secrets already masked).
 *
 * @param status completed, failed, aborted or interrupted
 * @param deviated whether the after-method hypothesis was not met
 * @param journal Chaos Toolkit's journal keys plus Faultline's {@code faultline} and {@code timeline}
 */
public record RunResult(RunStatus status, boolean deviated, Map<String, Object> journal) {

  /** {@code chaos run}'s exit code: 0 when completed and not deviated, else 1. */
  public int exitCode() {
    return status == RunStatus.COMPLETED && !deviated ? 0 : 1;
  }

  /** One line for people: "completed", "deviated", "failed: …". */
  public String verdict() {
    if (status == RunStatus.COMPLETED) {
      return deviated ? "deviated" : "completed";
    }
    return status.wireName();
  }
}
