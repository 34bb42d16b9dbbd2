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

  private InterruptSignals(RunControl control) {
    previousInt = Signal.handle(new Signal("INT"), s -> control.interrupt("received SIGINT"));
    previousTerm = Signal.handle(new Signal("TERM"), s -> control.interrupt("received SIGTERM"));
  }

  static InterruptSignals routeTo(RunControl control) {
    return new InterruptSignals(control);
  }

  @Override
  public void close() {
    Signal.handle(new Signal("INT"), previousInt);
    Signal.handle(new Signal("TERM"), previousTerm);
  }
}
