package dev.faultline.cli;

import dev.faultline.engine.run.RunControl;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Turns Ctrl-C (SIGINT) and SIGTERM into a run interruption instead of a JVM exit, so the run
 * can write its journal, apply its rollback strategy and recover its faults first.
 */
final class InterruptSignals implements AutoCloseable {
  private final SignalHandler previousInt;
  private final SignalHandler previousTerm;

  private InterruptSignals(java.util.function.Consumer<String> onSignal) {
    previousInt = Signal.handle(new Signal("INT"), s -> onSignal.accept("received SIGINT"));
    previousTerm = Signal.handle(new Signal("TERM"), s -> onSignal.accept("received SIGTERM"));
  }

  static InterruptSignals routeTo(RunControl control) {
    return new InterruptSignals(control::interrupt);
  }

  /** Hands SIGINT/SIGTERM, as "received SIGINT", to {@code onSignal} (a remote run aborts through the API). */
  static InterruptSignals routeTo(java.util.function.Consumer<String> onSignal) {
    return new InterruptSignals(onSignal);
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
  }
}
