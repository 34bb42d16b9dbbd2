package dev.faultline.engine.provider;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Settings that do not belong to one experiment.
 *
 * @param pythonInterpreter the Python 3 used to bridge python providers that have no native
 *     stand-in; empty disables the bridge
 */
public record EngineSettings(Optional<Path> pythonInterpreter) {

  /** Defaults: the bridge uses {@code FAULTLINE_PYTHON} if set, else {@code python3} on PATH if any. */
  public static EngineSettings defaults() {
    String configured = System.getenv("FAULTLINE_PYTHON");
    if (configured != null) {
      return new EngineSettings(configured.isBlank() ? Optional.empty() : Optional.of(Path.of(configured)));
    }
    return new EngineSettings(Executables.find("python3"));
  }
}
