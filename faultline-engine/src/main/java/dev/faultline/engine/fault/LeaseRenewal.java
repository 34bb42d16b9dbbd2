package dev.faultline.engine.fault;

import dev.faultline.core.fault.FaultException;

/**
 * One renewal of a lease held somewhere outside the run (a toxic or proxy on a fault proxy, a rule
 * in a JVM agent), so that whatever the run injected goes away by itself within one lease after
 * the run is gone.
 */
@FunctionalInterface
public interface LeaseRenewal {

  /**
   * Extends the lease by its full length from now.
   *
   * @return false when there is nothing left to renew and that is no news (the experiment itself
   *     deleted the toxic): renewing stops quietly
   * @throws NoLeaseException when renewing can never succeed again (the server has no leases, the
   *     lease already expired): renewing stops, and the reason is recorded once
   * @throws FaultException when this attempt failed (no answer, a refusal): recorded once, and
   *     tried again at the next renewal
   */
  boolean renew() throws FaultException;
}
