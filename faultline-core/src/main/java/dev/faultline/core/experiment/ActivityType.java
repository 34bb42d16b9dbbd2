package dev.faultline.core.experiment;

/** Chaos Toolkit's two kinds of activity: probes observe, actions change. */
public enum ActivityType {
  PROBE("probe"),
  ACTION("action");

  private final String wireName;

  ActivityType(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in experiment files and journals. */
  public String wireName() {
    return wireName;
  }
}
