package dev.faultline.engine.validate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Values given outside the experiment file: {@code --var} and {@code --var-file}. As in Chaos
 * Toolkit they replace only keys the experiment declares; {@code .env} var files add environment
 * variables instead.
 *
 * @param configuration overrides for configuration keys
 * @param secrets overrides for secrets, by scope then key
 * @param environment extra environment variables (from {@code .env} var files)
 */
public record Overrides(
    Map<String, Object> configuration,
    Map<String, Map<String, Object>> secrets,
    Map<String, String> environment) {

  public static final Overrides NONE = new Overrides(Map.of(), Map.of(), Map.of());

  /** The process environment with this run's {@code .env} additions on top. */
  public Map<String, String> effectiveEnvironment() {
    Map<String, String> env = new LinkedHashMap<>(System.getenv());
    env.putAll(environment);
    return env;
  }
}
