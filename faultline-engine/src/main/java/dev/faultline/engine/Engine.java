package dev.faultline.engine;

import dev.faultline.core.event.RunListener;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.engine.fault.FaultProvider;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.provider.StandardProviders;
import dev.faultline.engine.run.ExperimentRunner;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.engine.target.TargetReader;
import dev.faultline.core.problem.Problem;
import dev.faultline.engine.validate.ExperimentValidator;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.nio.file.Path;

/**
 * The engine's front door: load, validate and run Chaos Toolkit-format experiments. Usable from
 * the CLI, the server and tests alike.
 *
 * <pre>{@code
 * Engine engine = Engine.standard();
 * ValidationResult v = engine.validate(Path.of("experiment.json"), Overrides.NONE);
 * RunResult r = engine.run(v.experiment().orElseThrow(), RunOptions.defaults(), new RunControl(), e -> {});
 * }</pre>
 */
public final class Engine {
  private final ProviderRegistry providers;
  private final EngineSettings settings;
  private final DocumentLoader loader = new DocumentLoader();

  public Engine(ProviderRegistry providers, EngineSettings settings) {
    this.providers = providers;
    this.settings = settings;
  }

  /** The standard providers, the faults installed on the class path, default settings. */
  public static Engine standard() {
    return standard(EngineSettings.defaults());
  }

  public static Engine standard(EngineSettings settings) {
    return standard(settings, FaultRegistry.installed());
  }

  public static Engine standard(EngineSettings settings, FaultRegistry faults) {
    return new Engine(StandardProviders.create(settings).with(new FaultProvider(faults)), settings);
  }

  /** Loads a JSON or YAML file. */
  public Document load(Path file) throws InvalidInputException {
    return loader.load(file);
  }

  /** Loads and validates a file; load errors come back as problems too. */
  public ValidationResult validate(Path file, Overrides overrides) {
    try {
      return validate(loader.load(file), overrides);
    } catch (InvalidInputException e) {
      return new ValidationResult(java.util.Optional.empty(), e.problems());
    }
  }

  public ValidationResult validate(Document document, Overrides overrides) {
    return new ExperimentValidator(providers).validate(document, overrides);
  }

  /**
   * Loads and validates a file for a run with {@code options}: on top of {@link #validate}, what
   * only the run's options decide, e.g. a fault activity with a {@code target} needs a fleet
   * ({@code --server}) unless the dry run skips actions.
   */
  public ValidationResult validateForRun(Path file, RunOptions options) {
    try {
      return validateForRun(loader.load(file), options);
    } catch (InvalidInputException e) {
      return new ValidationResult(java.util.Optional.empty(), e.problems());
    }
  }

  /** As {@link #validateForRun(Path, RunOptions)}, for a loaded document. */
  public ValidationResult validateForRun(Document document, RunOptions options) {
    ValidationResult v = validate(document, options.overrides());
    if (!v.valid()) {
      return v;
    }
    java.util.List<Problem> problems = new java.util.ArrayList<>(v.problems());
    TargetReader.checkRunnable(v.experiment().orElseThrow(), options.fleet(),
        options.dry().skips(dev.faultline.core.experiment.ActivityType.ACTION),
        (path, message) -> problems.add(new Problem(Problem.Severity.ERROR, document.locate(path), path, message)));
    if (problems.size() == v.problems().size()) {
      return v;
    }
    problems.sort(java.util.Comparator.comparingInt((Problem p) -> p.location().line())
        .thenComparingInt(p -> p.location().column()));
    return new ValidationResult(java.util.Optional.empty(), problems);
  }

  /** Runs a validated experiment in the calling thread. */
  public RunResult run(Experiment experiment, RunOptions options, RunControl control, RunListener listener) {
    return new ExperimentRunner(providers, settings).run(experiment, options, control, listener);
  }

  public ProviderRegistry providers() {
    return providers;
  }
}
