package dev.faultline.cli.matrix;

import java.util.Map;
import java.util.Optional;

/**
 * One row of the revert matrix: how to apply a registered fault type against a real target and how
 * to see it in effect. A row is either runnable ({@link #probe} set), irreversible (every cell N/A
 * with {@link #irreversibleReason}) or unsupported on this machine (every cell skipped with
 * {@link #skipReason}).
 *
 * @param parameters the fault's parameters in the experiment file
 * @param cleanup forces the fault off after a cell that did not revert, so the next cell starts clean
 * @param notApplicable failure modes that do not apply to this fault, each with the reason
 */
record FaultCase(String fault, Injector injector, Map<String, Object> parameters, Probe probe, Runnable cleanup,
    Map<FailureMode, String> notApplicable, Optional<String> irreversibleReason, Optional<String> skipReason) {

  static FaultCase runnable(String fault, Injector injector, Map<String, Object> parameters, Probe probe,
      Runnable cleanup, Map<FailureMode, String> notApplicable) {
    return new FaultCase(fault, injector, parameters, probe, cleanup, notApplicable, Optional.empty(), Optional.empty());
  }

  static FaultCase irreversible(String fault, String reason) {
    return new FaultCase(fault, Injector.HOST, Map.of(), null, () -> { }, Map.of(), Optional.of(reason), Optional.empty());
  }

  static FaultCase unsupported(String fault, String reason) {
    return new FaultCase(fault, Injector.HOST, Map.of(), null, () -> { }, Map.of(), Optional.empty(), Optional.of(reason));
  }

  boolean runsIn(FailureMode mode) {
    return probe != null && !notApplicable.containsKey(mode);
  }
}
