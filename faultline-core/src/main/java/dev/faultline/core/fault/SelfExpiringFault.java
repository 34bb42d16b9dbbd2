package dev.faultline.core.fault;

/**
 * A fault whose injector (a fault proxy, a JVM agent) lives outside the process that applies it,
 * and removes the fault by itself when its {@link FaultExpiry} passes. The applier renews the
 * lease while it lives; if it dies, the fault goes away within one lease.
 *
 * <p>{@link #apply()} applies with {@link FaultExpiry#NEVER}. Runs call {@link #apply(FaultExpiry)}
 * and {@link #renew()} about three times per lease.
 */
public interface SelfExpiringFault extends Fault {

  /** Injects the fault with an expiry enforced by the injector. Called at most once. */
  void apply(FaultExpiry expiry) throws FaultException;

  /**
   * Extends the lease by its full length from now; never beyond the expiry's length. A fault
   * that is already gone (expired or reverted) throws, saying so.
   */
  void renew() throws FaultException;

  @Override
  default void apply() throws FaultException {
    apply(FaultExpiry.NEVER);
  }
}
