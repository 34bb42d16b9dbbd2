package dev.faultline.core.experiment;

/**
 * The experiment's {@code runtime} block. Null fields were not given. Chaos Toolkit quirk kept:
 * when the block exists, a strategy missing from it means {@code default}.
 *
 * @param hypothesisStrategy {@code runtime.hypothesis.strategy}, or null
 * @param rollbackStrategy {@code runtime.rollbacks.strategy}, or null
 */
public record RuntimeSettings(HypothesisStrategy hypothesisStrategy, RollbackStrategy rollbackStrategy) {
  public static final RuntimeSettings NONE = new RuntimeSettings(null, null);
}
