package dev.faultline.jvm.target;

/** Loaded only by the first request to /late: a target for rules added before its class loads. */
public final class LateLoaded {
  public String value() {
    return "late";
  }
}
