package dev.faultline.core.experiment;

import java.util.Arrays;
import java.util.Optional;

/** When rollbacks are played (Chaos Toolkit's {@code --rollback-strategy}). */
public enum RollbackStrategy {
  /** Unless the run failed or was interrupted. */
  DEFAULT("default"),
  ALWAYS("always"),
  NEVER("never"),
  /** Only when the after-hypothesis deviated. */
  DEVIATED("deviated");

  private final String wireName;

  RollbackStrategy(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public static Optional<RollbackStrategy> fromWireName(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
