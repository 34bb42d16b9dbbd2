package dev.faultline.engine.validate;

import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ActivityRef;
import dev.faultline.core.experiment.ActivityType;
import dev.faultline.core.experiment.ControlSpec;
import dev.faultline.core.experiment.Pauses;
import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.core.experiment.Step;
import dev.faultline.core.tolerance.Tolerance;
import dev.faultline.engine.provider.ActivityProvider;
import dev.faultline.engine.provider.PropertyChecks;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.provider.ProviderValidation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads activities, references, providers and pauses, reporting every problem it finds. */
final class ActivityReader {
  private static final Set<String> KNOWN_KEYS = Set.of("type", "name", "provider", "tolerance", "pauses",
      "background", "controls", "timeout", "configuration", "dry", "secrets", "frequency", "description");

  private final Problems problems;
  private final ProviderRegistry providers;
  private final Map<String, Object> knownConfiguration;
  private final ControlReader controls;
  private final ToleranceReader tolerances;
  /** Names of every method activity and hypothesis probe written, valid or not (for ref checks). */
  private final java.util.Set<String> writtenNames = new java.util.HashSet<>();

  ActivityReader(Problems problems, ProviderRegistry providers, Map<String, Object> knownConfiguration) {
    this.problems = problems;
    this.providers = providers;
    this.knownConfiguration = knownConfiguration;
    this.controls = new ControlReader(problems, this);
    this.tolerances = new ToleranceReader(problems, (value, path) -> readToleranceProbe(value, path));
  }

  ControlReader controls() {
    return controls;
  }

  /** Whether a method activity or hypothesis probe of this name was written (even with errors of its own). */
  boolean written(String name) {
    return writtenNames.contains(name);
  }

  /** Reads a list of steps (method, rollbacks, hypothesis probes). */
  List<Step> readSteps(Object value, String path, boolean hypothesis) {
    List<Step> steps = new ArrayList<>();
    if (value == null) {
      return steps;
    }
    if (!(value instanceof List<?> list)) {
      problems.error(path, "expected a list of activities; found " + Problems.typeOf(value));
      return steps;
    }
    boolean referenceable = !path.equals("rollbacks");
    for (int i = 0; i < list.size(); i++) {
      if (referenceable && list.get(i) instanceof Map<?, ?> m && m.get("name") instanceof String n) {
        writtenNames.add(n);
      }
      Step s = readStep(list.get(i), path + "[" + i + "]", hypothesis);
      if (s != null) {
        steps.add(s);
      }
    }
    return steps;
  }

  private Step readStep(Object value, String path, boolean hypothesis) {
    if (value instanceof Map<?, ?> m && m.containsKey("ref")) {
      if (!(m.get("ref") instanceof String ref) || ref.isBlank()) {
        problems.error(path + ".ref", "a ref must be the name of an activity; found " + Problems.typeOf(m.get("ref")));
        return null;
      }
      if (m.size() > 1) {
        problems.warning(path, "a ref entry takes only the 'ref' key; the other keys are ignored");
      }
      return new ActivityRef(ref, path);
    }
    Activity a = readActivity(value, path, hypothesis ? Kind.HYPOTHESIS_PROBE : Kind.ACTIVITY);
    return a;
  }

  /** Where an activity sits decides which keys it needs. */
  enum Kind { ACTIVITY, HYPOTHESIS_PROBE, TOLERANCE_PROBE, SAFEGUARD_PROBE, CONFIGURATION_PROBE }

  @SuppressWarnings("unchecked")
  Activity readActivity(Object value, String path, Kind kind) {
    if (!(value instanceof Map<?, ?>)) {
      problems.error(path, "expected an activity object with type, name and provider; found " + Problems.typeOf(value));
      return null;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    int before = problems.count();
    ActivityType type = readType(map, path, kind);
    String name = map.get("name") instanceof String n && !n.isBlank() ? n : null;
    if (name == null) {
      problems.error(path + ".name", map.containsKey("name")
          ? "an activity name must be a non-empty string; found " + Problems.typeOf(map.get("name"))
          : "an activity must have a name");
    }
    ProviderSpec provider = readProvider(map.get("provider"), path + ".provider", map.containsKey("provider"),
        kind == Kind.SAFEGUARD_PROBE);
    Tolerance tolerance = null;
    if (map.containsKey("tolerance")) {
      tolerance = tolerances.read(map.get("tolerance"), path + ".tolerance");
    } else if (kind == Kind.HYPOTHESIS_PROBE || kind == Kind.SAFEGUARD_PROBE) {
      problems.error(path, "a steady-state probe must have a tolerance (what its value must be)");
    }
    Pauses pauses = readPauses(map.get("pauses"), path + ".pauses");
    boolean background = false;
    if (map.containsKey("background")) {
      if (map.get("background") instanceof Boolean b) {
        background = b;
      } else {
        problems.error(path + ".background", "background must be true or false; found " + Problems.typeOf(map.get("background")));
      }
    }
    List<ControlSpec> activityControls = controls.readList(map.get("controls"), path + ".controls");
    if (map.containsKey("timeout")) {
      Object timeout = map.get("timeout");
      if (!(timeout instanceof Number n)) {
        problems.error(path + ".timeout", "timeout must be a number of seconds; found " + Problems.typeOf(timeout));
      } else if (!PropertyChecks.withinMaxSeconds(n)) {
        problems.error(path + ".timeout", "timeout must be at most " + PropertyChecks.MAX_SECONDS
            + " seconds (7 days); found " + n);
      }
    }
    for (String key : map.keySet()) {
      if (!KNOWN_KEYS.contains(key) && !dev.faultline.engine.target.TargetReader.ACTIVITY_KEYS.contains(key)) {
        problems.warning(path + "." + key, "unknown key '" + key + "' in an activity; it is ignored (and kept in the journal)");
      }
    }
    boolean newErrors = problems.hasErrorsSince(before);
    if (newErrors || type == null || name == null || provider == null) {
      return null;
    }
    return new Activity(type, name, provider, tolerance, pauses, background, activityControls, map, path);
  }

  private ActivityType readType(Map<String, Object> map, String path, Kind kind) {
    Object t = map.get("type");
    if (t == null) {
      if (kind == Kind.TOLERANCE_PROBE || kind == Kind.CONFIGURATION_PROBE) {
        return ActivityType.PROBE;
      }
      problems.error(path + ".type", "an activity must have a type (probe or action)");
      return null;
    }
    if ("probe".equals(t)) {
      return ActivityType.PROBE;
    }
    if ("action".equals(t)) {
      if (kind == Kind.HYPOTHESIS_PROBE || kind == Kind.SAFEGUARD_PROBE) {
        problems.error(path + ".type", "only probes can be part of a steady state; found an action");
      }
      return ActivityType.ACTION;
    }
    problems.error(path + ".type", "'" + t + "' is not a supported activity type; expected probe or action");
    return null;
  }

  @SuppressWarnings("unchecked")
  /**
   * @param lenient report the provider's own problems as warnings: Chaos Toolkit does not validate
   *     the probes nested in a safeguards control, so such a file is valid there (the probe then
   *     fails at run time, which ends the run through the safeguard)
   */
  private ProviderSpec readProvider(Object value, String path, boolean present, boolean lenient) {
    if (!present) {
      problems.error(path, "an activity must have a provider");
      return null;
    }
    if (!(value instanceof Map<?, ?>)) {
      problems.error(path, "a provider must be an object with a type; found " + Problems.typeOf(value));
      return null;
    }
    Map<String, Object> map = (Map<String, Object>) value;
    Object type = map.get("type");
    if (!(type instanceof String typeName)) {
      problems.error(path + ".type", "a provider must have a type; expected one of " + String.join(", ", providers.types()));
      return null;
    }
    Map<String, Object> properties = new LinkedHashMap<>(map);
    properties.remove("type");
    ProviderSpec spec = new ProviderSpec(typeName, properties);
    ActivityProvider provider = providers.find(typeName).orElse(null);
    if (provider == null) {
      problems.error(path + ".type", "unknown provider type '" + typeName + "'; expected one of "
          + String.join(", ", providers.types()));
      return null;
    }
    provider.validate(spec, new ProviderValidation() {
      @Override
      public void error(String relativePath, String message) {
        String where = relativePath.isEmpty() ? path : path + "." + relativePath;
        if (lenient) {
          problems.warning(where, message + " (a safeguard probe: Chaos Toolkit does not check it before the run, "
              + "so the run starts and the safeguard ends it when this probe fails)");
        } else {
          problems.error(where, message);
        }
      }

      @Override
      public void warning(String relativePath, String message) {
        problems.warning(relativePath.isEmpty() ? path : path + "." + relativePath, message);
      }

      @Override
      public Map<String, Object> configuration() {
        return knownConfiguration;
      }
    });
    return spec;
  }

  private Pauses readPauses(Object value, String path) {
    if (value == null) {
      return Pauses.NONE;
    }
    if (!(value instanceof Map<?, ?> m)) {
      problems.error(path, "pauses must be an object with 'before' and/or 'after' in seconds; found " + Problems.typeOf(value));
      return Pauses.NONE;
    }
    for (Object key : m.keySet()) {
      Object v = m.get(key);
      if (!"before".equals(key) && !"after".equals(key)) {
        problems.warning(path + "." + key, "unknown pause '" + key + "'; expected before or after");
      } else if (v instanceof Number n ? n.doubleValue() < 0 && !Double.isInfinite(n.doubleValue())
          : !(v instanceof String s && s.contains("${"))) {
        problems.error(path + "." + key, "a pause must be a non-negative number of seconds or a ${name} reference; found "
            + Problems.typeOf(v));
      } else if (v instanceof Number n && !PropertyChecks.withinMaxSeconds(n)) {
        problems.error(path + "." + key, "a pause must be at most " + PropertyChecks.MAX_SECONDS
            + " seconds (7 days); found " + n);
      }
    }
    return new Pauses(m.get("before"), m.get("after"));
  }

  private Activity readToleranceProbe(Object value, String path) {
    if (value instanceof Map<?, ?> m && m.get("provider") instanceof Map<?, ?> provider
        && !(provider.get("arguments") instanceof Map)) {
      // Chaos Toolkit sets provider.arguments.value, so the object must exist.
      problems.error(path + ".provider.arguments", "a probe tolerance's provider needs an 'arguments' object "
          + "(the probed value is passed to it as argument 'value')");
    }
    return readActivity(value, path, Kind.TOLERANCE_PROBE);
  }
}
