package dev.faultline.core.experiment;

/**
 * One value of the {@code configuration} block. Resolved once, before the run starts.
 */
public sealed interface ConfigValue {

  /** A value written in the file (any JSON value). */
  record Literal(Object value) implements ConfigValue {}

  /**
   * {@code {"type": "env", "key": K, "default": D, "env_var_type": T}}.
   *
   * @param key the environment variable
   * @param defaultValue used when the variable is unset; meaningful only when {@code hasDefault}
   * @param hasDefault whether a {@code default} key was present (its value may be null)
   * @param envVarType coercion: str, int, float, bool, json, bytes… or null for string
   */
  record EnvReference(String key, Object defaultValue, boolean hasDefault, String envVarType)
      implements ConfigValue {}

  /**
   * {@code {"type": "probe", …}}: a probe run once before the experiment whose output becomes the
   * value (http → body, process → trimmed stdout when it exits 0).
   */
  record DynamicProbe(Activity probe) implements ConfigValue {}
}
