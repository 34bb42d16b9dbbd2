package dev.faultline.engine.fault;

import dev.faultline.core.fault.FaultException;

/**
 * A lease renewal that can never succeed: the server does not know leases (a stock Toxiproxy),
 * or the lease already ran out and the injector removed the fault. Whoever renews stops renewing
 * and says so once; the message says which case it is and what it means for the fault.
 */
public class NoLeaseException extends FaultException {
  private static final long serialVersionUID = 1L;

  public NoLeaseException(String message) {
    super(message);
  }
}
