package dev.faultline.engine.run;

import dev.faultline.core.experiment.ActivityType;
import java.util.Arrays;
import java.util.Optional;

/** Chaos Toolkit's {@code --dry}: which activities are recorded without being executed. */
public enum DryMode {
  NONE("none"),
  PROBES("probes"),
  ACTIONS("actions"),
  ACTIVITIES("activities"),
  /** Everything executes but no pause is slept. */
  PAUSE("pause");

  private final String wireName;

  DryMode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** Whether an activity of this type is skipped. */
  public boolean skips(ActivityType type) {
    return this == ACTIVITIES || (this == PROBES && type == ActivityType.PROBE)
        || (this == ACTIONS && type == ActivityType.ACTION);
  }

  public boolean skipsPauses() {
    return this == PAUSE;
  }

  public static Optional<DryMode> fromWireName(String name) {
    return Arrays.stream(values()).filter(d -> d.wireName.equals(name)).findFirst();
  }
}
