package dev.faultline.core.fault;

/**
 * One injected failure with typed, validated parameters: created by a {@link FaultType}, applied
 * once, recovered at its duration's end, at run end, on abort and on signal.
 *
 * <p>Contract (checked by the testkit's {@code FaultContractTest} for every fault):
 * <ul>
 *   <li>{@link #apply()} either takes full effect or throws with nothing left applied;</li>
 *   <li>{@link #recover()} is idempotent: after apply it restores the system; a second call, or a
 *       call without apply, does nothing and does not throw;</li>
 *   <li>{@link #recover()} may be called from another thread than {@link #apply()} (signal
 *       handlers, duration timers).</li>
 * </ul>
 */
public interface Fault {

  /** Injects the fault. Called at most once. */
  void apply() throws FaultException;

  /** Reverts the fault; idempotent. Irreversible faults do nothing here. */
  void recover() throws FaultException;

  /** A sentence for logs and journals, e.g. {@code moved /tmp/a aside to /tmp/a.faultline}. */
  String describe();

  /**
   * What {@link #recover()} undoes, in words, for the run's recovery line, e.g. {@code removed
   * latency toxic 'x' from proxy 'p'}: {@link #describe()} says what apply did, which reads wrong
   * once the fault is gone. Faults that know better override this.
   */
  default String describeRecovery() {
    return "reverted: " + describe();
  }
}
