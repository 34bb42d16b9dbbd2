package dev.faultline.jvm.target;

/** Target of throw, latency and kill rules. */
public final class Greeter {
  public String greet(String name) {
    return "hello " + name;
  }
}
