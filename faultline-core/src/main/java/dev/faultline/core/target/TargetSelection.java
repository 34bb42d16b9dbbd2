package dev.faultline.core.target;

import java.util.List;

/**
 * The outcome of a {@link TargetSelector#choose}: what was drawn, from what, with which seed, so
 * that a journal can say exactly why these targets were hit (and a rerun with the seed hits the
 * same ones).
 *
 * @param seed the random draw's seed
 * @param candidates how many targets were offered
 * @param carryingTags how many carry the selector's tag set (the base of the share safety net)
 * @param matching how many match tags and names (the excluded included)
 * @param chosen the targets to hit, in the order they are hit
 * @param excluded matches left out of the draw (the control plane's own host)
 */
public record TargetSelection(long seed, int candidates, int carryingTags, int matching, List<Target> chosen,
    List<Target> excluded) {
  public TargetSelection {
    chosen = List.copyOf(chosen);
    excluded = List.copyOf(excluded);
  }

  /** The chosen targets' ids, in order. */
  public List<String> chosenIds() {
    return chosen.stream().map(Target::id).toList();
  }

  /** The chosen share of the targets carrying the tag set, in percent (0 when none carries it). */
  public double sharePercent() {
    return carryingTags == 0 ? 0 : 100.0 * chosen.size() / carryingTags;
  }
}
