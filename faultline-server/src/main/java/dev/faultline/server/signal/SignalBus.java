package dev.faultline.server.signal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands every inbound signal to whoever cares (incident pausing, response milestones), in the
 * order they arrived, on the receiving thread. A failing subscriber does not stop the others.
 */
public final class SignalBus {
  private final List<Consumer<InboundSignal>> subscribers = new CopyOnWriteArrayList<>();

  /** Adds a subscriber for every later signal. */
  public void subscribe(Consumer<InboundSignal> subscriber) {
    subscribers.add(subscriber);
  }

  /** Delivers {@code signal} to every subscriber. */
  public void publish(InboundSignal signal) {
    for (Consumer<InboundSignal> s : subscribers) {
      try {
        s.accept(signal);
      } catch (RuntimeException e) {
        // One subscriber's failure must not keep the signal from the others (a pause must still happen).
      }
    }
  }
}
