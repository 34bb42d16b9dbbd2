package dev.faultline.host.state;

import java.nio.file.Path;

/**
 * Where this host's attack records live: {@code $FAULTLINE_STATE_DIR} if set, else
 * {@code /var/lib/faultline} for root and {@code ~/.local/state/faultline} for anyone else.
 */
public final class StateDirectory {
  /** The environment variable that overrides the location (tests point it at a temp dir). */
  public static final String ENV = "FAULTLINE_STATE_DIR";

  private StateDirectory() {}

  /** The state directory for this process; not created here. */
  public static Path resolve() {
    String override = System.getenv(ENV);
    if (override != null && !override.isBlank()) {
      return Path.of(override);
    }
    if ("root".equals(System.getProperty("user.name"))) {
      return Path.of("/var/lib/faultline");
    }
    return Path.of(System.getProperty("user.home"), ".local", "state", "faultline");
  }
}
