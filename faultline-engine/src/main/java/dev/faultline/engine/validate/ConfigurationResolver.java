package dev.faultline.engine.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.experiment.ConfigValue;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.SecretValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code configuration} and {@code secrets} blocks into values, with Chaos Toolkit's
 * rules: env references read the environment (with {@code default} and {@code env_var_type} for
 * configuration, no default for secrets), overrides replace declared keys, dynamic probes are
 * left to the runner.
 */
public final class ConfigurationResolver {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Resolved values and the messages about keys that could not be resolved. */
  public record Resolved(
      Map<String, Object> configuration, Map<String, Map<String, Object>> secrets, List<String> missing) {}

  /** Resolves everything except dynamic probes (their keys stay absent). */
  public Resolved resolve(Experiment experiment, Overrides overrides) {
    Map<String, String> env = overrides.effectiveEnvironment();
    List<String> missing = new ArrayList<>();
    Map<String, Object> config = new LinkedHashMap<>();
    experiment.configuration().forEach((key, value) -> {
      if (overrides.configuration().containsKey(key)) {
        config.put(key, overrides.configuration().get(key));
        return;
      }
      if (value instanceof ConfigValue.Literal l) {
        config.put(key, l.value());
      } else if (value instanceof ConfigValue.EnvReference e) {
        String raw = env.get(e.key());
        if (raw != null) {
          try {
            config.put(key, coerce(raw, e.envVarType()));
          } catch (IllegalArgumentException ex) {
            missing.add("configuration." + key + ": environment variable " + e.key() + "=" + raw
                + " is not a valid " + e.envVarType() + " (" + ex.getMessage() + ")");
          }
        } else if (e.hasDefault()) {
          config.put(key, e.defaultValue());
        } else {
          missing.add("configuration." + key
              + ": Configuration makes reference to an environment key that does not exist: " + e.key()
              + " (set it, or give the value with --var " + key + "=VALUE)");
        }
      }
    });
    Map<String, Map<String, Object>> secrets = new LinkedHashMap<>();
    experiment.secrets().forEach((scope, entries) -> {
      Map<String, Object> values = new LinkedHashMap<>();
      Map<String, Object> scopeOverrides = overrides.secrets().getOrDefault(scope, Map.of());
      entries.forEach((key, value) -> {
        if (scopeOverrides.containsKey(key)) {
          values.put(key, scopeOverrides.get(key));
        } else if (value instanceof SecretValue.Literal l) {
          values.put(key, l.value());
        } else if (value instanceof SecretValue.EnvReference e) {
          String raw = env.get(e.key());
          if (raw != null) {
            values.put(key, raw);
          } else {
            missing.add("secrets." + scope + "." + key
                + ": Secrets make reference to an environment key that does not exist: " + e.key());
          }
        }
      });
      secrets.put(scope, values);
    });
    return new Resolved(config, secrets, missing);
  }

  /** Chaos Toolkit's {@code env_var_type} coercions (also used for {@code --var key:type=value}). */
  public static Object coerce(String raw, String type) {
    try {
      return coerceOrThrow(raw, type);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + raw + "' is not " + (type.startsWith("int") ? "an integer" : "a number"));
    }
  }

  private static Object coerceOrThrow(String raw, String type) {
    if (type == null) {
      return raw;
    }
    switch (type.toLowerCase(Locale.ROOT)) {
      case "str":
      case "string":
        return raw;
      case "int":
      case "integer":
        long n = Long.parseLong(raw.trim());
        return n == (int) n ? (Object) (int) n : (Object) n;
      case "float":
      case "number":
        return Double.parseDouble(raw.trim());
      case "bool":
        String b = raw.trim().toLowerCase(Locale.ROOT);
        return !(b.equals("false") || b.equals("0") || b.equals("no"));
      case "bytes":
        return new String(raw.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      case "json":
        try {
          return JSON.readValue(raw, Object.class);
        } catch (Exception e) {
          throw new IllegalArgumentException("not JSON: " + e.getMessage());
        }
      default:
        throw new IllegalArgumentException("unknown type '" + type + "'; expected str, int, float, bool, bytes or json");
    }
  }
}
