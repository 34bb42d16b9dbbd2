package dev.faultline.server.continuous.calendar;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The blackout rules in force, cached (the scheduler asks for every due run; the rules change
 * only through the API, which refreshes the cache).
 */
public final class Calendar {
  private final CalendarStore store;
  private final AtomicReference<List<Blackout>> rules = new AtomicReference<>();

  public Calendar(CalendarStore store) {
    this.store = store;
    refresh();
  }

  /** Reloads the rules from the store. */
  public void refresh() {
    rules.set(List.copyOf(store.list()));
  }

  public List<Blackout> rules() {
    return rules.get();
  }

  /** The first rule that blacks out {@code team} at {@code at}, if any. */
  public Optional<Blackout> blackout(String team, Instant at) {
    for (Blackout b : rules.get()) {
      if (b.appliesTo(team) && b.blocks(at)) {
        return Optional.of(b);
      }
    }
    return Optional.empty();
  }
}
