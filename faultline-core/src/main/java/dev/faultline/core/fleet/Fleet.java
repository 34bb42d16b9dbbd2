package dev.faultline.core.fleet;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.target.Target;
import java.util.List;

/**
 * The hosts a run can aim a fault at through their agents. The control plane implements it over
 * its connected agents and hands it to the engine through the run's options; a local run has
 * {@link #NONE}, and a fault activity with a {@code target} is then refused.
 */
public interface Fleet {

  /** No agents: targeted faults are refused. */
  Fleet NONE = new Fleet() {
    @Override
    public List<Target> agents() {
      return List.of();
    }

    @Override
    public boolean isServerHost(Target agent) {
      return false;
    }

    @Override
    public SelfExpiringFault fault(Target agent, RemoteFaultRequest request) throws FaultException {
      throw new FaultException("no fleet: a fault with a 'target' runs only on a Faultline server with agents "
          + "(faultline run FILE --server URL)");
    }

    @Override
    public boolean available() {
      return false;
    }
  };

  /**
   * The connected agents as targets: {@code id} is the agent's name, {@code kind} is {@code agent},
   * {@code tags} are its tags.
   */
  List<Target> agents();

  /** Whether {@code agent} runs on the control plane's own host (a safety net refuses it). */
  boolean isServerHost(Target agent);

  /**
   * The fault {@code request} names, to be applied on {@code agent}: {@code apply(expiry)} sends
   * it and returns once the agent has applied it (or throws with the agent's reason), {@code renew}
   * extends its lease, {@code recover} reverts it on the agent. Nothing is sent before apply.
   */
  SelfExpiringFault fault(Target agent, RemoteFaultRequest request) throws FaultException;

  /** Whether this is a real fleet (false for {@link #NONE}). */
  default boolean available() {
    return true;
  }
}
