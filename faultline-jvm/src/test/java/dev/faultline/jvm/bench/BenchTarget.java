package dev.faultline.jvm.bench;

/** The method whose per-call cost the overhead benchmark measures. */
public final class BenchTarget {
  private int state = 17;

  public int work(int x) {
    state = state * 31 + x;
    return state;
  }
}
