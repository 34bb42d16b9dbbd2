package dev.faultline.engine.control;

import dev.faultline.core.experiment.Activity;
import java.time.Duration;
import java.util.Optional;

/**
 * One probe of Chaos Toolkit's safeguards control and how it is scheduled:
 * {@code frequency} → repeated every N seconds; {@code background: true} → once, without blocking;
 * neither → once, before the experiment starts, blocking it (a pre-flight check).
 *
 * @param probe the probe with its tolerance
 * @param frequency the repeat interval, if any
 */
public record SafeguardProbe(Activity probe, Optional<Duration> frequency) {

  /** How the probe is scheduled. */
  public enum Mode { NOW, ONCE_IN_BACKGROUND, REPEATING }

  public Mode mode() {
    if (frequency.isPresent()) {
      return Mode.REPEATING;
    }
    return probe.background() ? Mode.ONCE_IN_BACKGROUND : Mode.NOW;
  }
}
