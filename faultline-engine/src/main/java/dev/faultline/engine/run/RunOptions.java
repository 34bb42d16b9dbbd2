package dev.faultline.engine.run;

import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fleet.Fleet;
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
 * @param fleet the agents a fault activity with a {@code target} is sent to; {@link Fleet#NONE} locally
 */
public record RunOptions(
    HypothesisStrategy hypothesisStrategy,
    RollbackStrategy rollbackStrategy,
    Duration hypothesisFrequency,
    boolean failFast,
    DryMode dry,
    Overrides overrides,
    Duration faultLease,
    AppliedFaultLog appliedFaultLog,
    Fleet fleet) {
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
        FaultExpiry.DEFAULT_LEASE, AppliedFaultLog.NONE, Fleet.NONE);
  }

  public RunOptions withStrategies(HypothesisStrategy h, RollbackStrategy r) {
    return new RunOptions(h, r, hypothesisFrequency, failFast, dry, overrides, faultLease, appliedFaultLog, fleet);
  }

  public RunOptions withOverrides(Overrides o) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, o, faultLease, appliedFaultLog, fleet);
  }

  public RunOptions withFailFast(boolean f, Duration frequency) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, frequency, f, dry, overrides, faultLease, appliedFaultLog, fleet);
  }

  public RunOptions withDry(DryMode d) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, d, overrides, faultLease, appliedFaultLog, fleet);
  }

  /**
   * With another fault lease.
   *
   * @throws IllegalArgumentException when it is under {@link FaultExpiry#MIN_LEASE} or over
   *     {@link #MAX_FAULT_LEASE}
   */
  public RunOptions withFaultLease(Duration lease) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, overrides, lease, appliedFaultLog, fleet);
  }

  /** With {@code log} told about every fault the run applies outside its process. */
  public RunOptions withAppliedFaultLog(AppliedFaultLog log) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, overrides,
        faultLease, log, fleet);
  }

  /** With {@code f} as the agents targeted faults go to. */
  public RunOptions withFleet(Fleet f) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, overrides,
        faultLease, appliedFaultLog, f);
  }
}
