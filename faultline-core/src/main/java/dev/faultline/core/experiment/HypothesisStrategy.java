package dev.faultline.core.experiment;

import java.util.Arrays;
import java.util.Optional;

/** When the steady-state hypothesis is checked (Chaos Toolkit's {@code --hypothesis-strategy}). */
public enum HypothesisStrategy {
  DEFAULT("default", true, false, true),
  BEFORE_METHOD_ONLY("before-method-only", true, false, false),
  AFTER_METHOD_ONLY("after-method-only", false, false, true),
  DURING_METHOD_ONLY("during-method-only", false, true, false),
  CONTINUOUSLY("continuously", true, true, true);

  private final String wireName;
  private final boolean before;
  private final boolean during;
  private final boolean after;

  HypothesisStrategy(String wireName, boolean before, boolean during, boolean after) {
    this.wireName = wireName;
    this.before = before;
    this.during = during;
    this.after = after;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether the hypothesis gates the method. */
  public boolean before() {
    return before;
  }

  /** Whether the hypothesis repeats in the background while the method runs. */
  public boolean during() {
    return during;
  }

  /** Whether the hypothesis is checked after the method (the only check that sets deviated). */
  public boolean after() {
    return after;
  }

  /** Looks up a CLI/file value; {@code continously} is Chaos Toolkit's deprecated spelling. */
  public static Optional<HypothesisStrategy> fromWireName(String name) {
    String n = "continously".equals(name) ? "continuously" : name;
    return Arrays.stream(values()).filter(s -> s.wireName.equals(n)).findFirst();
  }
}
