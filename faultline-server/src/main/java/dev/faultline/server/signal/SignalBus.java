package dev.faultline.server.signal;

import java.util.ArrayList;
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
    deliver(signal);
  }

  /**
   * Delivers {@code signal} to every subscriber and says which failed: one subscriber's failure
   * does not keep the signal from the others (a pause must still happen), but the sender must
   * learn of it, or a pause lost to a failure would never be retried.
   *
   * @return what each failing subscriber threw (empty when every subscriber took the signal)
   */
  public List<RuntimeException> deliver(InboundSignal signal) {
    List<RuntimeException> failures = new ArrayList<>();
    for (Consumer<InboundSignal> s : subscribers) {
      try {
        s.accept(signal);
      } catch (RuntimeException e) {
        failures.add(e);
      }
    }
    return failures;
  }
}
