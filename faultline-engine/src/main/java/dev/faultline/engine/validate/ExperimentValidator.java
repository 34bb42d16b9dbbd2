package dev.faultline.engine.validate;

import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ActivityRef;
import dev.faultline.core.experiment.ConfigValue;
import dev.faultline.core.experiment.ControlSpec;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.Hypothesis;
import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import dev.faultline.core.experiment.RuntimeSettings;
import dev.faultline.core.experiment.SecretValue;
import dev.faultline.core.experiment.Step;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.target.TargetReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a document against Chaos Toolkit's experiment rules and builds the {@link Experiment}.
 * Unlike Chaos Toolkit it does not stop at the first problem: every problem is reported with its
 * file:line:column and document path.
 */
public final class ExperimentValidator {
  private static final Set<String> TOP_LEVEL_KEYS = Set.of("title", "description", "tags", "contributions",
      "configuration", "secrets", "steady-state-hypothesis", "method", "rollbacks", "controls", "extensions",
      "runtime", "version", "dry", ResponseExpectations.KEY);
  private static final Set<String> CONTRIBUTION_LEVELS = Set.of("high", "medium", "low", "none");

  private final ProviderRegistry providers;

  public ExperimentValidator(ProviderRegistry providers) {
    this.providers = providers;
  }

  /** Validates {@code document}; env references are resolved against the environment and overrides. */
  @SuppressWarnings("unchecked")
  public ValidationResult validate(Document document, Overrides overrides) {
    Problems problems = new Problems(document);
    if (!(document.root() instanceof Map<?, ?>)) {
      problems.error("", "an experiment must be an object with title, description and method; found "
          + Problems.typeOf(document.root()));
      return new ValidationResult(Optional.empty(), problems.all());
    }
    Map<String, Object> root = (Map<String, Object>) document.root();
    String title = requiredText(root, "title", "experiment requires a title", problems);
    String description = requiredText(root, "description", "experiment requires a description", problems);
    List<String> tags = readTags(root.get("tags"), problems);
    Map<String, String> contributions = readContributions(root.get("contributions"), problems);
    readExtensions(root.get("extensions"), problems);
    ResponseExpectations.validate(root.get(ResponseExpectations.KEY), problems);
    for (String key : root.keySet()) {
      if (!TOP_LEVEL_KEYS.contains(key)) {
        problems.warning(key, "unknown top-level key '" + key + "'; it is ignored (and kept in the journal)");
      }
    }

    Map<String, ConfigValue> configuration = new LinkedHashMap<>();
    Map<String, Map<String, SecretValue>> secrets = new LinkedHashMap<>();
    // Configuration probes need the activity reader, which needs the known configuration: read
    // literal and env values first, then probes.
    Map<String, Object> rawConfiguration = objectOrEmpty(root.get("configuration"), "configuration", problems);
    readSecrets(root.get("secrets"), secrets, problems);
    Map<String, Object> knownConfiguration = new LinkedHashMap<>();
    ActivityReader activities = new ActivityReader(problems, providers, knownConfiguration);
    rawConfiguration.forEach((key, value) -> {
      ConfigValue v = readConfigValue(key, value, activities, problems);
      if (v != null) {
        configuration.put(key, v);
      }
    });

    Hypothesis hypothesis = null;
    if (root.containsKey("steady-state-hypothesis")) {
      hypothesis = readHypothesis(root.get("steady-state-hypothesis"), activities, problems);
    }
    List<Step> method = List.of();
    if (!root.containsKey("method")) {
      problems.error("", "an experiment requires a method with at least one activity (an empty list is allowed)");
    } else {
      method = activities.readSteps(root.get("method"), "method", false);
    }
    List<Step> rollbacks = activities.readSteps(root.get("rollbacks"), "rollbacks", false);
    List<ControlSpec> controls = activities.controls().readList(root.get("controls"), "controls");
    RuntimeSettings runtime = readRuntime(root.get("runtime"), problems);
    TargetReader.checkExperiment(root, problems::error); // Faultline's target extension (docs/targets.md)

    Experiment experiment = new Experiment(title == null ? "" : title, description == null ? "" : description, tags,
        contributions, configuration, secrets, hypothesis, method, rollbacks, controls, runtime, root, document.file());
    checkReferences(experiment, activities, problems);
    ConfigurationResolver.Resolved resolved = new ConfigurationResolver().resolve(experiment, overrides);
    knownConfiguration.putAll(resolved.configuration());
    for (String missing : resolved.missing()) {
      int colon = missing.indexOf(": ");
      problems.error(missing.substring(0, colon), missing.substring(colon + 2));
    }
    if (problems.hasErrors()) {
      return new ValidationResult(Optional.empty(), problems.all());
    }
    return new ValidationResult(Optional.of(experiment), problems.all());
  }

  private static String requiredText(Map<String, Object> root, String key, String missing, Problems problems) {
    Object v = root.get(key);
    if (v == null) {
      problems.error(root.containsKey(key) ? key : "", missing);
      return null;
    }
    if (!(v instanceof String s) || s.isBlank()) {
      problems.error(key, key + " must be a non-empty string; found " + Problems.typeOf(v));
      return null;
    }
    return s;
  }

  private static List<String> readTags(Object value, Problems problems) {
    List<String> tags = new ArrayList<>();
    if (value == null) {
      return tags;
    }
    if (!(value instanceof List<?> list)) {
      problems.error("tags", "tags must be a list of strings; found " + Problems.typeOf(value));
      return tags;
    }
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i) instanceof String s && !s.isBlank()) {
        tags.add(s);
      } else {
        problems.error("tags[" + i + "]", "a tag must be a non-empty string; found " + Problems.typeOf(list.get(i)));
      }
    }
    return tags;
  }

  private static Map<String, String> readContributions(Object value, Problems problems) {
    Map<String, String> out = new LinkedHashMap<>();
    if (value == null) {
      return out;
    }
    if (!(value instanceof Map<?, ?> map)) {
      problems.error("contributions", "contributions must be an object such as {\"reliability\": \"high\"}; found "
          + Problems.typeOf(value));
      return out;
    }
    map.forEach((k, v) -> {
      if (v instanceof String s && CONTRIBUTION_LEVELS.contains(s)) {
        out.put(String.valueOf(k), s);
      } else {
        problems.warning("contributions." + k, "a contribution should be high, medium, low or none; found "
            + Problems.typeOf(v));
      }
    });
    return out;
  }

  private static void readExtensions(Object value, Problems problems) {
    if (value == null) {
      return;
    }
    if (!(value instanceof List<?> list)) {
      problems.error("extensions", "extensions must be a list of objects; found " + Problems.typeOf(value));
      return;
    }
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get("name") instanceof String n) || n.isBlank()) {
        problems.error("extensions[" + i + "]", "An extension must have a non-empty name");
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> objectOrEmpty(Object value, String path, Problems problems) {
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?>)) {
      problems.error(path, path + " must be an object; found " + Problems.typeOf(value));
      return Map.of();
    }
    return (Map<String, Object>) value;
  }

  private static ConfigValue readConfigValue(String key, Object value, ActivityReader activities, Problems problems) {
    String path = "configuration." + key;
    if (value instanceof Map<?, ?> m && m.get("type") instanceof String type) {
      if ("env".equals(type)) {
        if (!(m.get("key") instanceof String envKey) || envKey.isBlank()) {
          problems.error(path + ".key", "an env configuration value needs 'key', the environment variable name");
          return null;
        }
        Object envType = m.get("env_var_type");
        if (envType != null && !(envType instanceof String)) {
          problems.error(path + ".env_var_type", "env_var_type must be a string such as int, float, bool or json");
        }
        return new ConfigValue.EnvReference(envKey, m.get("default"), m.containsKey("default"),
            envType instanceof String s ? s : null);
      }
      if ("probe".equals(type)) {
        Activity probe = activities.readActivity(value, path, ActivityReader.Kind.CONFIGURATION_PROBE);
        return probe == null ? null : new ConfigValue.DynamicProbe(probe);
      }
      if ("vault".equals(type)) {
        problems.error(path + ".type", "Vault configuration is not supported by Faultline yet; use an env value");
        return null;
      }
    }
    return new ConfigValue.Literal(value);
  }

  private static void readSecrets(Object value, Map<String, Map<String, SecretValue>> out, Problems problems) {
    if (value == null) {
      return;
    }
    if (!(value instanceof Map<?, ?> scopes)) {
      problems.error("secrets", "secrets must be an object of scopes, e.g. {\"k8s\": {\"token\": …}}; found "
          + Problems.typeOf(value));
      return;
    }
    scopes.forEach((scope, entries) -> {
      String path = "secrets." + scope;
      if (!(entries instanceof Map<?, ?> m)) {
        problems.error(path, "a secret scope must be an object of names to values; found " + Problems.typeOf(entries));
        return;
      }
      Map<String, SecretValue> values = new LinkedHashMap<>();
      m.forEach((k, v) -> {
        String p = path + "." + k;
        if (v instanceof Map<?, ?> ref && ref.get("type") instanceof String type) {
          if ("env".equals(type)) {
            if (ref.get("key") instanceof String envKey && !envKey.isBlank()) {
              values.put(String.valueOf(k), new SecretValue.EnvReference(envKey));
            } else {
              problems.error(p + ".key", "an env secret needs 'key', the environment variable name");
            }
          } else if ("vault".equals(type)) {
            problems.error(p + ".type", "Vault secrets are not supported by Faultline yet; use an env secret");
          } else {
            values.put(String.valueOf(k), new SecretValue.Literal(v));
          }
        } else {
          values.put(String.valueOf(k), new SecretValue.Literal(v));
        }
      });
      out.put(String.valueOf(scope), values);
    });
  }

  private static Hypothesis readHypothesis(Object value, ActivityReader activities, Problems problems) {
    String path = "steady-state-hypothesis";
    if (!(value instanceof Map<?, ?> m)) {
      problems.error(path, "the steady-state hypothesis must be an object with a title and probes; found "
          + Problems.typeOf(value));
      return null;
    }
    Object title = m.get("title");
    if (!(title instanceof String t) || t.isBlank()) {
      problems.error(m.containsKey("title") ? path + ".title" : path, "hypothesis requires a title");
    }
    List<Step> probes = activities.readSteps(m.get("probes"), path + ".probes", true);
    List<ControlSpec> controls = activities.controls().readList(m.get("controls"), path + ".controls");
    return new Hypothesis(title instanceof String t ? t : "", probes, controls);
  }

  @SuppressWarnings("unchecked")
  private static RuntimeSettings readRuntime(Object value, Problems problems) {
    if (value == null) {
      return RuntimeSettings.NONE;
    }
    if (!(value instanceof Map<?, ?> m)) {
      problems.error("runtime", "runtime must be an object; found " + Problems.typeOf(value));
      return RuntimeSettings.NONE;
    }
    HypothesisStrategy hypothesis = HypothesisStrategy.DEFAULT;
    RollbackStrategy rollback = RollbackStrategy.DEFAULT;
    if (m.get("hypothesis") instanceof Map<?, ?> h && h.get("strategy") != null) {
      String s = String.valueOf(h.get("strategy"));
      hypothesis = HypothesisStrategy.fromWireName(s).orElse(null);
      if (hypothesis == null) {
        problems.error("runtime.hypothesis.strategy", "unknown hypothesis strategy '" + s
            + "'; expected default, before-method-only, after-method-only, during-method-only or continuously");
        hypothesis = HypothesisStrategy.DEFAULT;
      }
    }
    if (m.get("rollbacks") instanceof Map<?, ?> r && r.get("strategy") != null) {
      String s = String.valueOf(r.get("strategy"));
      rollback = RollbackStrategy.fromWireName(s).orElse(null);
      if (rollback == null) {
        problems.error("runtime.rollbacks.strategy", "unknown rollback strategy '" + s
            + "'; expected default, always, never or deviated");
        rollback = RollbackStrategy.DEFAULT;
      }
    }
    return new RuntimeSettings(hypothesis, rollback);
  }

  private static void checkReferences(Experiment experiment, ActivityReader activities, Problems problems) {
    // Sets, not Experiment.findReferenceable: one lookup per ref keeps validation linear.
    Set<String> names = new LinkedHashSet<>();
    experiment.method().forEach(s -> {
      if (s instanceof Activity a) {
        names.add(a.name());
      }
    });
    if (experiment.hypothesis() != null) {
      experiment.hypothesis().probes().forEach(s -> {
        if (s instanceof Activity a) {
          names.add(a.name());
        }
      });
    }
    List<Step> all = new ArrayList<>(experiment.method());
    all.addAll(experiment.rollbacks());
    if (experiment.hypothesis() != null) {
      all.addAll(experiment.hypothesis().probes());
    }
    String known = null;
    for (Step s : all) {
      // A ref to an activity that is written but has errors of its own: those errors say it all.
      if (s instanceof ActivityRef ref && !names.contains(ref.name()) && !activities.written(ref.name())) {
        if (known == null) {
          known = names.isEmpty() ? "there are none" : names.stream().limit(10).collect(java.util.stream.Collectors
              .joining(", ")) + (names.size() > 10 ? " and " + (names.size() - 10) + " more" : "");
        }
        problems.error(ref.path() + ".ref", "reference to unknown activity '" + ref.name() + "'; a ref can name "
            + "a method activity or a hypothesis probe: " + known);
      }
    }
  }
}
