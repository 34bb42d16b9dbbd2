package dev.faultline.engine.run;

import dev.faultline.core.experiment.ConfigValue;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.engine.provider.ActivityProvider;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.substitute.Substitutor;
import dev.faultline.engine.validate.ConfigurationResolver;
import dev.faultline.engine.validate.Overrides;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The configuration and secrets of one run: static values, env references, overrides, then
 * dynamic configuration probes (run once, before the experiment; a failing one leaves its key
 * out with a warning, as Chaos Toolkit does).
 */
record RunValues(Map<String, Object> configuration, Map<String, Map<String, Object>> secrets) {

  static RunValues resolve(Experiment experiment, Overrides overrides, ProviderRegistry providers,
      EngineSettings settings, List<String> warnings) {
    ConfigurationResolver.Resolved resolved = new ConfigurationResolver().resolve(experiment, overrides);
    warnings.addAll(resolved.missing());
    Map<String, Object> configuration = new LinkedHashMap<>(resolved.configuration());
    experiment.configuration().forEach((key, value) -> {
      if (value instanceof ConfigValue.DynamicProbe probe && !overrides.configuration().containsKey(key)) {
        try {
          Substitutor substitutor = new Substitutor(configuration, resolved.secrets());
          ActivityProvider provider = providers.find(probe.probe().provider().type()).orElseThrow();
          RunScope scope = new RunScope(configuration, resolved.secrets(), null, settings, substitutor);
          Object output = provider.run(substitutor.substituteMap(probe.probe().provider().properties()), scope);
          configuration.put(key, valueOf(probe.probe().provider().type(), output));
        } catch (Exception e) {
          if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
          }
          warnings.add("configuration." + key + ": the dynamic configuration probe failed, so the key is unset: "
              + e.getMessage());
        }
      }
    });
    return new RunValues(configuration, resolved.secrets());
  }

  // http → body; process → stdout stripped when it exited 0; anything else → the output.
  private static Object valueOf(String providerType, Object output) {
    if (output instanceof Map<?, ?> m) {
      if ("http".equals(providerType)) {
        return m.get("body");
      }
      if ("process".equals(providerType)) {
        return Integer.valueOf(0).equals(m.get("status")) ? String.valueOf(m.get("stdout")).strip() : null;
      }
    }
    return output;
  }
}
