package dev.faultline.engine.run;

import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.engine.fault.AppliedFaultLog;
import dev.faultline.engine.validate.Overrides;
import java.time.Duration;

/**
 * How to run one experiment. Null strategies mean "as the experiment's runtime block says, else
 * default" (CLI flags win over the file, as in Chaos Toolkit).
 *
 * @param hypothesisStrategy {@code --hypothesis-strategy}, or null
 * @param rollbackStrategy {@code --rollback-strategy}, or null
 * @param hypothesisFrequency pause between during-method hypothesis checks
 * @param failFast fail the run at the first unmet during-method check
 * @param dry what not to execute
 * @param overrides {@code --var} / {@code --var-file} values
 * @param faultLease {@code --fault-lease}: how long a fault outlives the run that applied it
 *     when the run is killed; faults whose injector supports it are renewed every third of it
 * @param appliedFaultLog where the run notes faults applied outside its process, for
 *     {@code faultline attacks} and {@code halt}
 */
public record RunOptions(
    HypothesisStrategy hypothesisStrategy,
    RollbackStrategy rollbackStrategy,
    Duration hypothesisFrequency,
    boolean failFast,
    DryMode dry,
    Overrides overrides,
    Duration faultLease,
    AppliedFaultLog appliedFaultLog) {
  /**
   * The longest lease: a killed run's faults would stay for up to a day, and Faultline's proxy
   * accepts no longer lease.
   */
  public static final Duration MAX_FAULT_LEASE = Duration.ofDays(1);

  public RunOptions {
    if (faultLease.compareTo(FaultExpiry.MIN_LEASE) < 0 || faultLease.compareTo(MAX_FAULT_LEASE) > 0) {
      throw new IllegalArgumentException("a fault lease must be between " + FaultExpiry.MIN_LEASE.toSeconds()
          + " s and " + MAX_FAULT_LEASE.toHours() + " h, got " + faultLease.toMillis() + " ms");
    }
  }

  public static RunOptions defaults() {
    return new RunOptions(null, null, Duration.ofSeconds(1), false, DryMode.NONE, Overrides.NONE,
        FaultExpiry.DEFAULT_LEASE, AppliedFaultLog.NONE);
  }

  public RunOptions withStrategies(HypothesisStrategy h, RollbackStrategy r) {
    return new RunOptions(h, r, hypothesisFrequency, failFast, dry, overrides, faultLease, appliedFaultLog);
  }

  public RunOptions withOverrides(Overrides o) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, o, faultLease, appliedFaultLog);
  }

  public RunOptions withFailFast(boolean f, Duration frequency) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, frequency, f, dry, overrides, faultLease, appliedFaultLog);
  }

  public RunOptions withDry(DryMode d) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, d, overrides, faultLease, appliedFaultLog);
  }

  /**
   * With another fault lease.
   *
   * @throws IllegalArgumentException when it is under {@link FaultExpiry#MIN_LEASE} or over
   *     {@link #MAX_FAULT_LEASE}
   */
  public RunOptions withFaultLease(Duration lease) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, overrides, lease, appliedFaultLog);
  }

  /** With {@code log} told about every fault the run applies outside its process. */
  public RunOptions withAppliedFaultLog(AppliedFaultLog log) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, overrides,
        faultLease, log);
  }
}
