package dev.faultline.engine.tolerance;

import dev.faultline.core.tolerance.Tolerance;
import dev.faultline.engine.provider.ActivityFailedException;

/**
 * Runs the probe of a {@code {"type": "probe"}} tolerance with the checked value passed as its
 * {@code value} argument, as Chaos Toolkit does (without a journal entry).
 */
@FunctionalInterface
public interface ProbeToleranceCaller {

  /**
   * @param tolerance the tolerance whose probe to run
   * @param value the value being checked, to pass as the probe's {@code value} argument
   * @return the probe's output; the tolerance is met when it is truthy in Python's sense
   * @throws ActivityFailedException when the probe fails (the tolerance is then not met)
   * @throws InterruptedException when the run is being stopped
   */
  Object call(Tolerance.ProbeTolerance tolerance, Object value)
      throws ActivityFailedException, InterruptedException;
}
