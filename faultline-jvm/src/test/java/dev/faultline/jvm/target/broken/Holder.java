package dev.faultline.jvm.target.broken;

/**
 * Deleted from the target's class path by the test. Its inner class {@link Clock} still loads and
 * runs without it, but a bytecode rewriter cannot describe an inner class whose outer class is
 * missing: what real applications have with optional dependencies left out (issue 9: H2, WireMock).
 */
public final class Holder {
  /** An inner (non-static) class: its description needs {@link Holder}. */
  public final class Clock {
    /** Wall-clock time read here: a clock skew that skips this class leaves it real. */
    public static long now() {
      return System.currentTimeMillis();
    }
  }
}
