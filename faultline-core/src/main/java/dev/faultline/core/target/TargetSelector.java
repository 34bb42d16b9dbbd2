package dev.faultline.core.target;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Chooses the blast radius: targets matching every tag and (if given) one of the exact ids, then,
 * in {@link Mode#RANDOM}, at most {@code count} of them or {@code percent} percent (rounded up,
 * at least one) picked at random; in {@link Mode#ALL} every matching target.
 *
 * @param tags every tag must match exactly
 * @param ids exact ids; empty means any
 * @param count at most this many, or null
 * @param percent at most this share 1–100, or null
 * @param mode random (a seeded draw) or all (every match; no count or percent)
 */
public record TargetSelector(Map<String, String> tags, List<String> ids, Integer count, Integer percent, Mode mode) {

  /** How the matching targets are narrowed down. */
  public enum Mode {
    /** A seeded random draw of {@code count} or {@code percent} of the matches. */
    RANDOM("random"),
    /** Every matching target. */
    ALL("all");

    private final String wireName;

    Mode(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  public TargetSelector {
    tags = Map.copyOf(tags);
    ids = List.copyOf(ids);
    if (count != null && count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
    if (percent != null && (percent < 1 || percent > 100)) {
      throw new IllegalArgumentException("percent must be between 1 and 100, got " + percent);
    }
    if (count != null && percent != null) {
      throw new IllegalArgumentException("give count or percent, not both");
    }
    if (mode == null) {
      mode = count == null && percent == null ? Mode.ALL : Mode.RANDOM;
    }
    if (mode == Mode.ALL && (count != null || percent != null)) {
      throw new IllegalArgumentException("mode all takes every match; count and percent belong to mode random");
    }
  }

  /** Random when a count or percent is given, else all (the selector before modes existed). */
  public TargetSelector(Map<String, String> tags, List<String> ids, Integer count, Integer percent) {
    this(tags, ids, count, percent, null);
  }

  /** Selects everything matching the tags and ids, without a limit. */
  public static TargetSelector all(Map<String, String> tags) {
    return new TargetSelector(tags, List.of(), null, null, Mode.ALL);
  }

  /** Whether {@code t} carries every tag of this selector (its ids aside). */
  public boolean carriesTags(Target t) {
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (!e.getValue().equals(t.tags().get(e.getKey()))) {
        return false;
      }
    }
    return true;
  }

  /** The selected targets, in a random order drawn from {@code random}. */
  public List<Target> select(List<Target> candidates, Random random) {
    List<Target> matching = matching(candidates, Set.copyOf(ids));
    Collections.shuffle(matching, random);
    return List.copyOf(matching.subList(0, limit(matching.size())));
  }

  /**
   * A reproducible choice: the same candidates (in the same order) and seed give the same targets,
   * in the same order (the order a rollout grows in; mode all is shuffled too).
   * Linear in the candidates (a partial Fisher–Yates shuffle draws only the chosen ones).
   *
   * @param exclude ids never chosen (the control plane's own host), counted as matching nevertheless
   */
  public TargetSelection choose(List<Target> candidates, long seed, Set<String> exclude) {
    Set<String> idSet = ids.isEmpty() ? Set.of() : new HashSet<>(ids);
    int carrying = 0;
    List<Target> matching = new ArrayList<>();
    List<Target> excluded = new ArrayList<>();
    for (Target t : candidates) {
      if (!carriesTags(t)) {
        continue;
      }
      carrying++;
      if (idSet.isEmpty() || idSet.contains(t.id())) {
        if (exclude.contains(t.id())) {
          excluded.add(t);
        } else {
          matching.add(t);
        }
      }
    }
    int limit = limit(matching.size() + excluded.size());
    limit = Math.min(limit, matching.size());
    // Mode all is shuffled too: the order is the order of a rollout's growth.
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < limit; i++) {
      int j = i + random.nextInt(matching.size() - i);
      Collections.swap(matching, i, j);
    }
    List<Target> chosen = matching.subList(0, limit);
    return new TargetSelection(seed, candidates.size(), carrying, matching.size() + excluded.size(), chosen,
        excluded);
  }

  private List<Target> matching(List<Target> candidates, Set<String> idSet) {
    List<Target> matching = new ArrayList<>();
    for (Target t : candidates) {
      if (carriesTags(t) && (idSet.isEmpty() || idSet.contains(t.id()))) {
        matching.add(t);
      }
    }
    return matching;
  }

  private int limit(int matching) {
    if (count != null) {
      return Math.min(matching, count);
    }
    if (percent != null && matching > 0) {
      return Math.max(1, (int) Math.ceil(matching * percent / 100.0));
    }
    return matching;
  }
}
