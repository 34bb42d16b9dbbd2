package dev.faultline.engine.run;

/** Which part of a run an activity belongs to; reports group by it. */
public enum Phase {
  HYPOTHESIS_BEFORE("hypothesis-before"),
  HYPOTHESIS_DURING("hypothesis-during"),
  HYPOTHESIS_AFTER("hypothesis-after"),
  METHOD("method"),
  ROLLBACK("rollback"),
  SAFEGUARD("safeguard"),
  CONFIGURATION("configuration");

  private final String wireName;

  Phase(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
