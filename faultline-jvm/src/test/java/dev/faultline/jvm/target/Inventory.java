package dev.faultline.jvm.target;

/** Target of return-value rules (int and boolean). */
public final class Inventory {
  public int count() {
    return 42;
  }

  public boolean available() {
    return true;
  }
}
