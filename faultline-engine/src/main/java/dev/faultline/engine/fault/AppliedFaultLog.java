package dev.faultline.engine.fault;

import dev.faultline.core.fault.Fault;
import java.time.Duration;

/**
 * Where a run notes the faults it applied outside its own process (a toxic on a proxy, a rule in a
 * JVM), so that other commands on the host can list and revert them while the run lives or its
 * lease runs out ({@code faultline attacks}, {@code faultline halt}). The engine only reports;
 * the composition root (the CLI) decides where the notes go.
 */
public interface AppliedFaultLog {
  /** Notes nothing. */
  AppliedFaultLog NONE = (label, fault, lease) -> () -> { };

  /**
   * Called once {@code fault} is in effect with {@code lease}.
   *
   * @return the note, released once the run has recovered the fault
   */
  Entry applied(String label, Fault fault, Duration lease);

  /** One note. */
  @FunctionalInterface
  interface Entry {
    /** Forgets the note; idempotent. */
    void release();
  }
}
