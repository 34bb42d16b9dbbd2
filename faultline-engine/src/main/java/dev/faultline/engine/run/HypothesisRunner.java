package dev.faultline.engine.run;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.Hypothesis;
import dev.faultline.core.experiment.Step;
import dev.faultline.core.tolerance.Tolerance;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.tolerance.ToleranceCheck;
import dev.faultline.engine.tolerance.ToleranceEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks the steady-state hypothesis: probes in order, each against its tolerance; the first
 * failure or mismatch ends the check (as Chaos Toolkit does), so later probes are not run.
 */
final class HypothesisRunner {
  private final ActivityExecutor executor;
  private final ToleranceEvaluator evaluator;
  private final RunScope scope;
  private final Timeline timeline;
  private final DryMode dry;

  HypothesisRunner(ActivityExecutor executor, ProviderRegistry providers, RunScope scope, Timeline timeline, DryMode dry) {
    this.executor = executor;
    this.scope = scope;
    this.timeline = timeline;
    this.dry = dry;
    this.evaluator = new ToleranceEvaluator((tolerance, value) -> callToleranceProbe(providers, tolerance, value));
  }

  /** A hypothesis check: the journal's State plus whether a probe raised. */
  record State(Map<String, Object> journalState, boolean met, boolean probeFailed) {}

  State run(Hypothesis hypothesis, Phase phase) throws InterruptedException {
    timeline.record(RunEventKind.HYPOTHESIS_STARTED, hypothesis.title(), Map.of("phase", phase.wireName()));
    List<Map<String, Object>> probes = new ArrayList<>();
    boolean met = true;
    boolean probeFailed = false;
    for (Step step : hypothesis.probes()) {
      ActivityExecutor.Outcome outcome = executor.execute(step, phase);
      Map<String, Object> entry = new LinkedHashMap<>(outcome.entry());
      boolean withinTolerance;
      String explanation;
      if (dry.skips(outcome.activity().type())) {
        withinTolerance = true;
        explanation = "not checked (dry run)";
      } else if (outcome.failed()) {
        withinTolerance = false;
        explanation = "the probe failed";
        probeFailed = true;
      } else {
        Tolerance tolerance = outcome.activity().tolerance();
        ToleranceCheck check = evaluator.check(tolerance, outcome.output(), scope.substitutor());
        withinTolerance = check.met();
        explanation = check.explanation();
      }
      entry.put("tolerance_met", withinTolerance);
      probes.add(entry);
      outcome.throwIfInterrupted();
      ProbeValues.record(timeline, outcome.activity(), phase, outcome.output(), withinTolerance, explanation);
      if (!withinTolerance) {
        met = false;
        break;
      }
    }
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("steady_state_met", met);
    state.put("probes", probes);
    timeline.record(RunEventKind.HYPOTHESIS_ENDED, hypothesis.title(),
        Map.of("phase", phase.wireName(), "steady_state_met", met));
    return new State(state, met, probeFailed);
  }

  /** Checks one safeguard probe output against its tolerance. */
  ToleranceCheck check(Activity probe, Object output) throws InterruptedException {
    return evaluator.check(probe.tolerance(), output, scope.substitutor());
  }

  @SuppressWarnings("unchecked")
  private Object callToleranceProbe(ProviderRegistry providers, Tolerance.ProbeTolerance tolerance, Object value)
      throws ActivityFailedException, InterruptedException {
    Activity probe = tolerance.probe();
    Map<String, Object> properties = scope.substitutor().substituteMap(probe.provider().properties());
    Map<String, Object> arguments = properties.get("arguments") instanceof Map<?, ?> m
        ? new LinkedHashMap<>((Map<String, Object>) m) : new LinkedHashMap<>();
    arguments.put("value", value);
    properties.put("arguments", arguments);
    try {
      return providers.find(probe.provider().type()).orElseThrow().run(properties, scope);
    } catch (RuntimeException e) {
      throw new ActivityFailedException("the tolerance probe '" + probe.name() + "' crashed: " + e, e);
    }
  }
}
