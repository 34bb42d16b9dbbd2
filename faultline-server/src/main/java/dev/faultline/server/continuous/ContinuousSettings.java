package dev.faultline.server.continuous;

import java.time.Clock;
import java.time.Duration;

/**
 * How continuous chaos behaves; tests shorten the intervals and drive the clock.
 *
 * @param clock every scheduling decision reads this clock (tests inject a simulated one)
 * @param tickMs how often the scheduler looks for due runs (a due run starts within about one tick)
 * @param cooldown how long chaos stays paused after the incident that paused it resolved
 * @param lifetime how long a schedule or an opt-in lasts from its creation or last renewal
 * @param warning how long before expiry the warning notification goes out
 * @param pauseMatch which services an incident pauses
 * @param monkeySeed seeds the Chaos Monkey's coin flips and kill times (fixed in tests)
 * @param guardrailEvery how often a service's health check runs during a scheduled run
 * @param schedulerRunning whether the scheduler thread runs (off in tests that call {@code tick} themselves)
 */
public record ContinuousSettings(Clock clock, long tickMs, Duration cooldown, Duration lifetime, Duration warning,
    PauseMatch pauseMatch, long monkeySeed, Duration guardrailEvery, boolean schedulerRunning) {

  /** Which services a firing alert or an open incident pauses. */
  public enum PauseMatch {
    /** Every service, whatever the signal's labels. */
    ALL,
    /**
     * The services its {@code service} label names (comma-separated), else those of its {@code team}
     * label's team; a signal with neither label pauses every service (an unattributed incident is
     * treated as everyone's).
     */
    LABELS
  }

  public static ContinuousSettings defaults() {
    return new ContinuousSettings(Clock.systemUTC(), 500, Duration.ofMinutes(30), Duration.ofDays(30),
        Duration.ofDays(7), PauseMatch.LABELS, System.nanoTime(), Duration.ofSeconds(5), true);
  }

  public ContinuousSettings withClock(Clock c) {
    return new ContinuousSettings(c, tickMs, cooldown, lifetime, warning, pauseMatch, monkeySeed, guardrailEvery,
        schedulerRunning);
  }

  public ContinuousSettings withTickMs(long ms) {
    return new ContinuousSettings(clock, ms, cooldown, lifetime, warning, pauseMatch, monkeySeed, guardrailEvery,
        schedulerRunning);
  }

  public ContinuousSettings withCooldown(Duration d) {
    return new ContinuousSettings(clock, tickMs, d, lifetime, warning, pauseMatch, monkeySeed, guardrailEvery,
        schedulerRunning);
  }

  public ContinuousSettings withPauseMatch(PauseMatch m) {
    return new ContinuousSettings(clock, tickMs, cooldown, lifetime, warning, m, monkeySeed, guardrailEvery,
        schedulerRunning);
  }

  public ContinuousSettings withMonkeySeed(long seed) {
    return new ContinuousSettings(clock, tickMs, cooldown, lifetime, warning, pauseMatch, seed, guardrailEvery,
        schedulerRunning);
  }

  public ContinuousSettings withGuardrailEvery(Duration d) {
    return new ContinuousSettings(clock, tickMs, cooldown, lifetime, warning, pauseMatch, monkeySeed, d,
        schedulerRunning);
  }

  public ContinuousSettings withSchedulerRunning(boolean running) {
    return new ContinuousSettings(clock, tickMs, cooldown, lifetime, warning, pauseMatch, monkeySeed, guardrailEvery,
        running);
  }
}
