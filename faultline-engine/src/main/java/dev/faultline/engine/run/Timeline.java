package dev.faultline.engine.run;

import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.event.RunListener;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The events of one run with wall-clock and monotonic times, handed to listeners as they happen
 * and kept for the journal. Thread-safe: background activities and safeguards record too.
 */
public final class Timeline {
  private final long startNanos = System.nanoTime();
  private final List<RunEvent> events = new ArrayList<>();
  private final RunListener listener;

  public Timeline(RunListener listener) {
    this.listener = listener;
  }

  /** Records an event now. */
  public RunEvent record(RunEventKind kind, String subject, Map<String, Object> attributes) {
    RunEvent e = new RunEvent(kind, subject, Instant.now(), System.nanoTime() - startNanos, attributes);
    synchronized (events) {
      events.add(e);
    }
    try {
      listener.onEvent(e);
    } catch (RuntimeException ignored) {
      // A broken display must never break a run.
    }
    return e;
  }

  public List<RunEvent> events() {
    synchronized (events) {
      return List.copyOf(events);
    }
  }
}
