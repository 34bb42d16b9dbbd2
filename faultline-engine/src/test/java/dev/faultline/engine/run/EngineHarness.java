package dev.faultline.engine.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.event.RunEvent;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.engine.Engine;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs experiments written inline (YAML) with the standard engine, for the runner's tests. */
final class EngineHarness {
  final Engine engine = Engine.standard();
  final List<RunEvent> events = new CopyOnWriteArrayList<>();

  Experiment parse(String yaml, Map<String, Object> config) {
    try {
      Document d = new DocumentLoader().parse("inline.yaml", yaml, DocumentLoader.Syntax.YAML);
      ValidationResult v = engine.validate(d, new Overrides(config, Map.of(), Map.of()));
      assertThat(v.errors()).as("validation errors").isEmpty();
      return v.experiment().orElseThrow();
    } catch (InvalidInputException e) {
      throw new AssertionError(e.getMessage(), e);
    }
  }

  RunResult run(String yaml) {
    return run(yaml, RunOptions.defaults(), new RunControl());
  }

  RunResult run(String yaml, RunOptions options) {
    return run(yaml, options, new RunControl());
  }

  RunResult run(String yaml, RunOptions options, RunControl control) {
    Experiment e = parse(yaml, options.overrides().configuration());
    return engine.run(e, options, control, events::add);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> entries(RunResult r, String key) {
    return (List<Map<String, Object>>) r.journal().get(key);
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> state(RunResult r, String phase) {
    return (Map<String, Object>) ((Map<String, Object>) r.journal().get("steady_states")).get(phase);
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> during(RunResult r) {
    return (List<Map<String, Object>>) ((Map<String, Object>) r.journal().get("steady_states")).get("during");
  }

  @SuppressWarnings("unchecked")
  static List<String> names(List<Map<String, Object>> entries) {
    return entries.stream().map(e -> (String) ((Map<String, Object>) e.get("activity")).get("name")).toList();
  }
}
