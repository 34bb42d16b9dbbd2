package dev.faultline.engine.fault;

import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.time.DurationText;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ActivityProvider;
import dev.faultline.engine.provider.PropertyChecks;
import dev.faultline.engine.provider.ProviderValidation;
import dev.faultline.engine.provider.RunContext;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Provider type {@code fault}: applies a registered fault from an experiment file.
 *
 * <pre>{"type": "fault", "fault": "file-move", "parameters": {"path": "/tmp/x"}, "duration": "10s"}</pre>
 *
 * <p>The activity returns as soon as the fault is in effect; the fault is recovered when its
 * duration ends, or at run end (also on abort and signal) when it has none.
 */
public final class FaultProvider implements ActivityProvider {
  private static final Set<String> KEYS = Set.of("fault", "parameters", "duration");
  private final FaultRegistry registry;

  public FaultProvider(FaultRegistry registry) {
    this.registry = registry;
  }

  @Override
  public String type() {
    return "fault";
  }

  @Override
  public void validate(ProviderSpec spec, ProviderValidation validation) {
    for (String key : spec.properties().keySet()) {
      if (!KEYS.contains(key)) {
        validation.warning(key, "unknown key '" + key + "' in a fault provider; expected fault, parameters, duration");
      }
    }
    Object name = spec.get("fault");
    if (!(name instanceof String n) || registry.find(n).isEmpty()) {
      validation.error("fault", "unknown fault " + (name == null ? "(missing)" : "'" + name + "'")
          + "; expected one of: " + String.join(", ", registry.types().stream().map(FaultType::name).toList()));
      return;
    }
    Object parameters = spec.get("parameters");
    if (parameters != null && !(parameters instanceof Map)) {
      validation.error("parameters", "parameters must be an object; found " + parameters.getClass().getSimpleName());
      return;
    }
    Object duration = spec.get("duration");
    if (duration != null && !(duration instanceof String s && s.contains("${"))) {
      try {
        Duration length = DurationText.ofValue(duration);
        if (length.getSeconds() > PropertyChecks.MAX_SECONDS) {
          validation.error("duration", "a fault lasts at most " + PropertyChecks.MAX_SECONDS + " seconds (7 days); found '"
              + duration + "'");
        }
      } catch (IllegalArgumentException e) {
        validation.error("duration", e.getMessage());
      }
    }
    if (parameters != null && !parameters.toString().contains("${")) {
      try {
        registry.find(n).orElseThrow().create(new FaultArguments(n, asMap(parameters)));
      } catch (InvalidFaultArgumentsException e) {
        for (String problem : e.problems()) {
          int colon = problem.indexOf(": ");
          validation.error(colon > 0 ? "parameters." + problem.substring(0, colon) : "parameters",
              colon > 0 ? problem.substring(colon + 2) : problem);
        }
      }
    }
  }

  @Override
  public Object run(Map<String, Object> properties, RunContext context) throws ActivityFailedException {
    String name = String.valueOf(properties.get("fault"));
    FaultType type = registry.find(name).orElseThrow(() -> new ActivityFailedException("unknown fault '" + name + "'"));
    Optional<Duration> duration = Optional.ofNullable(properties.get("duration")).map(DurationText::ofValue);
    Fault fault;
    try {
      fault = type.create(new FaultArguments(name, asMap(properties.getOrDefault("parameters", Map.of()))));
    } catch (InvalidFaultArgumentsException e) {
      throw new ActivityFailedException(e.getMessage(), e);
    }
    try {
      context.faults().apply(name, fault, duration);
    } catch (FaultException e) {
      throw new ActivityFailedException("fault '" + name + "' could not be applied: " + e.getMessage(), e);
    }
    Map<String, Object> output = new LinkedHashMap<>();
    output.put("fault", name);
    output.put("applied", fault.describe());
    output.put("reversible", type.reversible());
    duration.ifPresent(d -> output.put("duration_s", d.toMillis() / 1000.0));
    return output;
  }


  @SuppressWarnings("unchecked")
  private static Map<String, Object> asMap(Object value) {
    return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
  }
}
