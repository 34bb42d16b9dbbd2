package dev.faultline.server.run;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.Fleet;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import java.util.List;

/**
 * One run's view of the server's fleet: the same agents, with every fault request sent under the
 * server's run id ({@code run_…}) instead of the engine's own, so an agent's faults name the run
 * the API knows.
 */
final class RunFleet implements Fleet {
  private final Fleet fleet;
  private final String runId;

  RunFleet(Fleet fleet, String runId) {
    this.fleet = fleet;
    this.runId = runId;
  }

  @Override
  public List<Target> agents() {
    return fleet.agents();
  }

  @Override
  public boolean isServerHost(Target agent) {
    return fleet.isServerHost(agent);
  }

  @Override
  public SelfExpiringFault fault(Target agent, RemoteFaultRequest request) throws FaultException {
    return fleet.fault(agent, new RemoteFaultRequest(runId, request.activityName(), request.faultType(),
        request.parameters(), request.length()));
  }

  @Override
  public boolean available() {
    return fleet.available();
  }
}
