package dev.faultline.engine.run;

import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
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
 */
public record RunOptions(
    HypothesisStrategy hypothesisStrategy,
    RollbackStrategy rollbackStrategy,
    Duration hypothesisFrequency,
    boolean failFast,
    DryMode dry,
    Overrides overrides) {

  public static RunOptions defaults() {
    return new RunOptions(null, null, Duration.ofSeconds(1), false, DryMode.NONE, Overrides.NONE);
  }

  public RunOptions withStrategies(HypothesisStrategy h, RollbackStrategy r) {
    return new RunOptions(h, r, hypothesisFrequency, failFast, dry, overrides);
  }

  public RunOptions withOverrides(Overrides o) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, dry, o);
  }

  public RunOptions withFailFast(boolean f, Duration frequency) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, frequency, f, dry, overrides);
  }

  public RunOptions withDry(DryMode d) {
    return new RunOptions(hypothesisStrategy, rollbackStrategy, hypothesisFrequency, failFast, d, overrides);
  }
}
