package dev.faultline.core.target;

import java.util.Optional;

/**
 * Where a fault activity's fault goes when it names a {@code target} (a Faultline extension to
 * Chaos Toolkit files): agents chosen by the selector, optionally grown step by step.
 *
 * @param selector which agents, and how many
 * @param seed the random draw's seed as the file fixes it, or empty for a fresh one per run
 * @param unsafe the activity's {@code "unsafe": true}: the safety nets do not refuse it
 * @param rollout the progressive blast radius, or {@link Rollout#NONE}
 */
public record FaultTarget(TargetSelector selector, Optional<Long> seed, boolean unsafe, Rollout rollout) {
  /**
   * The share safety net: choosing more than this percentage of the agents that carry the target's
   * tag set is refused unless the activity is unsafe.
   */
  public static final int MAX_SHARE_PERCENT = 66;
}
