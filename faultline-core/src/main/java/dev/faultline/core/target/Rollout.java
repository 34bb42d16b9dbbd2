package dev.faultline.core.target;

import java.util.ArrayList;
import java.util.List;

/**
 * A progressive blast radius: the fault is applied to a growing part of the selection, step by
 * step, and grows only while the steady state holds. Steps are cumulative sizes over the
 * selection: {@code [1, "10%", "50%"]} is one target, then 10 % of the selection, then half of it.
 *
 * @param steps in order; empty means no rollout (everything at once)
 */
public record Rollout(List<Step> steps) {
  /** No rollout: the whole selection at once. */
  public static final Rollout NONE = new Rollout(List.of());

  public Rollout {
    steps = List.copyOf(steps);
  }

  /**
   * One step's cumulative size: a count of targets or a percentage of the selection (rounded up,
   * at least one).
   */
  public record Step(Integer count, Integer percent) {
    public Step {
      if ((count == null) == (percent == null)) {
        throw new IllegalArgumentException("a rollout step is a count or a percentage");
      }
      if (count != null && count < 1) {
        throw new IllegalArgumentException("a rollout count must be at least 1, got " + count);
      }
      if (percent != null && (percent < 1 || percent > 100)) {
        throw new IllegalArgumentException("a rollout percentage must be between 1 and 100, got " + percent);
      }
    }

    public static Step count(int n) {
      return new Step(n, null);
    }

    public static Step percent(int p) {
      return new Step(null, p);
    }

    /** This step's size over a selection of {@code selected} targets. */
    public int size(int selected) {
      int n = count != null ? count : (int) Math.ceil(selected * percent / 100.0);
      return Math.min(selected, Math.max(1, n));
    }

    /** As written in a file: {@code 3} or {@code "10%"}. */
    public Object wireValue() {
      return count != null ? (Object) count : percent + "%";
    }
  }

  public boolean isEmpty() {
    return steps.isEmpty();
  }

  /**
   * The sizes to grow through over {@code selected} targets: each step's size, steps that would
   * not grow the radius left out, so every size is larger than the one before. Without steps,
   * one size: the whole selection.
   */
  public List<Integer> sizes(int selected) {
    List<Integer> sizes = new ArrayList<>();
    if (steps.isEmpty()) {
      sizes.add(selected);
      return sizes;
    }
    int last = 0;
    for (Step s : steps) {
      int size = s.size(selected);
      if (size > last) {
        sizes.add(size);
        last = size;
      }
    }
    return sizes;
  }
}
