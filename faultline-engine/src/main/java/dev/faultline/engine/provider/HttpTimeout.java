package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The http provider's {@code timeout}: one number of seconds for both connecting and answering, or
 * a {@code [connect, read]} pair, as Python requests takes it. The JDK client has no per-read
 * timeout, so {@code read} bounds the time until the response headers arrive, connecting
 * included.
 */
record HttpTimeout(Optional<Duration> connect, Optional<Duration> read) {
  private static final String EXPECTED = "timeout must be a positive number of seconds or a [connect, read] pair";

  static HttpTimeout none() {
    return new HttpTimeout(Optional.empty(), Optional.empty());
  }

  /** Reads {@code timeout} after substitution. */
  static HttpTimeout of(ProviderProperties props) throws ActivityFailedException {
    Object value = props.raw("timeout");
    if (value == null) {
      return none();
    }
    if (value instanceof List<?> pair) {
      if (pair.size() != 2) {
        throw new ActivityFailedException("http provider: " + EXPECTED + ", found a list of " + pair.size());
      }
      return new HttpTimeout(Optional.of(props.secondsOf("timeout[0]", pair.get(0))),
          Optional.of(props.secondsOf("timeout[1]", pair.get(1))));
    }
    Duration both = props.secondsOf("timeout", value);
    return new HttpTimeout(Optional.of(both), Optional.of(both));
  }

  /** Checks {@code timeout} as written. */
  static void check(ProviderSpec spec, ProviderValidation validation, PropertyChecks checks) {
    Object value = spec.get("timeout");
    if (value instanceof List<?> pair) {
      if (pair.size() != 2) {
        validation.error("timeout", EXPECTED + ", found a list of " + pair.size());
        return;
      }
      checks.secondsValue("timeout[0]", pair.get(0), "the connect timeout must be a positive number of seconds");
      checks.secondsValue("timeout[1]", pair.get(1), "the read timeout must be a positive number of seconds");
    } else if (value != null) {
      checks.secondsValue("timeout", value, EXPECTED);
    }
  }
}
