package dev.faultline.core.fleet;

import java.time.Duration;
import java.util.Map;

/**
 * A fault to apply on an agent: the registered fault type's name and its parameters as the
 * experiment gave them (validated by the agent's own {@code FaultType}).
 *
 * @param runId the run applying it
 * @param activityName the activity's name, for the agent's records and the journal
 * @param faultType a registered fault type name, e.g. {@code host-cpu}
 * @param parameters the activity's parameters
 * @param length how long it stays at most, or null for the run's end
 */
public record RemoteFaultRequest(String runId, String activityName, String faultType, Map<String, Object> parameters,
    Duration length) {
  public RemoteFaultRequest {
    parameters = Map.copyOf(parameters);
  }
}
