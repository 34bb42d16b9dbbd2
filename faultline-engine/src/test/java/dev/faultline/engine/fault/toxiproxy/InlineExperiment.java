package dev.faultline.engine.fault.toxiproxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.core.event.RunListener;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.engine.Engine;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.util.List;
import java.util.Map;

/** Validates and runs an experiment written inline in YAML with {@link Engine#standard()}. */
public final class InlineExperiment {
  private InlineExperiment() {}

  public static RunResult run(String yaml, RunControl control, RunListener listener) throws Exception {
    return run(yaml, RunOptions.defaults(), control, listener);
  }

  /** As {@link #run(String, RunControl, RunListener)} with {@code options}. */
  public static RunResult run(String yaml, RunOptions options, RunControl control, RunListener listener)
      throws Exception {
    Engine engine = Engine.standard();
    Document document = new DocumentLoader().parse("inline.yaml", yaml, DocumentLoader.Syntax.YAML);
    ValidationResult validation = engine.validate(document, Overrides.NONE);
    assertThat(validation.errors()).as("validation errors").isEmpty();
    Experiment experiment = validation.experiment().orElseThrow();
    return engine.run(experiment, options, control, listener);
  }

  /** The journal's {@code run} entries (the method's activities), in order. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> runEntries(RunResult result) {
    return (List<Map<String, Object>>) result.journal().get("run");
  }
}
