package dev.faultline.core.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Chaos Toolkit-format experiment after validation: steady state, method, rollbacks.
 *
 * @param title what the experiment shows; {@code ${name}} is substituted at run start
 * @param description why
 * @param tags free labels
 * @param contributions what the experiment tells about (reliability: high, …)
 * @param configuration named values for substitution, resolved before the run
 * @param secrets named scopes of values that are masked wherever they are written
 * @param hypothesis the steady state, or null
 * @param method the activities that make the change, in order
 * @param rollbacks the activities that undo it
 * @param controls experiment-level controls
 * @param runtime strategies the file asks for
 * @param document the whole experiment as written (the journal keeps a copy)
 * @param source the file it came from, for messages
 */
public record Experiment(
    String title,
    String description,
    List<String> tags,
    Map<String, String> contributions,
    Map<String, ConfigValue> configuration,
    Map<String, Map<String, SecretValue>> secrets,
    Hypothesis hypothesis,
    List<Step> method,
    List<Step> rollbacks,
    List<ControlSpec> controls,
    RuntimeSettings runtime,
    Map<String, Object> document,
    String source) {

  public Experiment {
    tags = List.copyOf(tags);
    contributions = Map.copyOf(contributions);
    configuration = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(configuration));
    secrets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(secrets));
    method = List.copyOf(method);
    rollbacks = List.copyOf(rollbacks);
    controls = List.copyOf(controls);
    document = Values.unmodifiableMap(document);
  }

  /**
   * Finds the activity a {@code ref} names: method activities and hypothesis probes, as in Chaos
   * Toolkit (rollbacks are not referenceable).
   */
  public Optional<Activity> findReferenceable(String name) {
    for (Step s : method) {
      if (s instanceof Activity a && a.name().equals(name)) {
        return Optional.of(a);
      }
    }
    if (hypothesis != null) {
      for (Step s : hypothesis.probes()) {
        if (s instanceof Activity a && a.name().equals(name)) {
          return Optional.of(a);
        }
      }
    }
    return Optional.empty();
  }
}
