package dev.faultline.core.target;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Chooses the blast radius: targets matching every tag and (if given) one of the exact ids, then at
 * most {@code count} of them or {@code percent} percent (rounded up, at least one), picked at random.
 *
 * @param tags every tag must match exactly
 * @param ids exact ids; empty means any
 * @param count at most this many, or null
 * @param percent at most this share 1–100, or null
 */
public record TargetSelector(Map<String, String> tags, List<String> ids, Integer count, Integer percent) {
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
  }

  /** Selects everything matching the tags and ids, without a limit. */
  public static TargetSelector all(Map<String, String> tags) {
    return new TargetSelector(tags, List.of(), null, null);
  }

  /** The selected targets, in a random order drawn from {@code random}. */
  public List<Target> select(List<Target> candidates, Random random) {
    List<Target> matching = new ArrayList<>();
    for (Target t : candidates) {
      boolean tagsMatch = tags.entrySet().stream().allMatch(e -> e.getValue().equals(t.tags().get(e.getKey())));
      if (tagsMatch && (ids.isEmpty() || ids.contains(t.id()))) {
        matching.add(t);
      }
    }
    java.util.Collections.shuffle(matching, random);
    int limit = matching.size();
    if (count != null) {
      limit = Math.min(limit, count);
    } else if (percent != null && !matching.isEmpty()) {
      limit = Math.max(1, (int) Math.ceil(matching.size() * percent / 100.0));
    }
    return List.copyOf(matching.subList(0, limit));
  }
}
