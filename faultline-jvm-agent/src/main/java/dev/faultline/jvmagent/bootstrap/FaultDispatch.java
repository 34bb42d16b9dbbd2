package dev.faultline.jvmagent.bootstrap;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The single entry point instrumented code calls. Advice is inlined into the target's classes and
 * refers to this class only, so it is loaded from the bootstrap class path (the agent appends a
 * small jar of this package there) and is visible from every class loader. Rules live in slots
 * indexed by rule number; the agent fills a slot before it instruments any method for it.
 */
public final class FaultDispatch {
  private static volatile FaultGate[] gates = new FaultGate[64];
  private static volatile Map<String, List<FaultGate>> pointGates = Collections.emptyMap();

  /** Milliseconds added to the JVM's wall clock while a clock-skew rule is in effect. */
  public static volatile long clockSkewMs;

  private FaultDispatch() {}

  /** Installs {@code gate} in {@code slot} (agent side; single writer). */
  public static synchronized void install(int slot, FaultGate gate) {
    FaultGate[] g = gates;
    if (slot >= g.length) {
      FaultGate[] bigger = new FaultGate[Math.max(slot + 1, g.length * 2)];
      System.arraycopy(g, 0, bigger, 0, g.length);
      g = bigger;
    }
    g[slot] = gate;
    gates = g;
  }

  /** Empties {@code slot} (agent side). */
  public static synchronized void remove(int slot) {
    FaultGate[] g = gates;
    if (slot < g.length) {
      g[slot] = null;
      gates = g;
    }
  }

  /** Replaces every fault-point rule, by point name (agent side). */
  public static void installPoints(Map<String, List<FaultGate>> byName) {
    pointGates = byName;
  }

  /** The effect to perform now for {@code slot}, or null when the rule does not fire. */
  public static FaultEffect firing(int slot) {
    FaultGate[] g = gates;
    FaultGate gate = slot < g.length ? g[slot] : null;
    return gate != null && gate.tryFire() ? gate.effect() : null;
  }

  /** Runs a throw, latency or kill rule; returns the throwable to throw, or null. */
  public static Throwable perform(int slot) {
    FaultEffect effect = firing(slot);
    return effect == null ? null : effect.perform();
  }

  /** For a return-value rule: the effect holding the value to return, or null when it does not fire. */
  public static FaultEffect.ReturnEffect returning(int slot) {
    FaultEffect effect = firing(slot);
    return effect instanceof FaultEffect.ReturnEffect ? (FaultEffect.ReturnEffect) effect : null;
  }

  /** Runs the fault-point rules named {@code name}; returns a throwable to throw, or null. */
  public static Throwable point(String name) {
    List<FaultGate> list = pointGates.get(name);
    if (list == null) {
      return null;
    }
    for (FaultGate gate : list) {
      if (gate.tryFire()) {
        Throwable t = gate.effect().perform();
        if (t != null) {
          return t;
        }
      }
    }
    return null;
  }

  /** What {@code System.currentTimeMillis()} call sites in application classes call instead. */
  public static long currentTimeMillis() {
    return System.currentTimeMillis() + clockSkewMs;
  }
}
