package dev.faultline.cli;

import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import dev.faultline.core.time.DurationText;
import dev.faultline.engine.Engine;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.engine.run.DryMode;
import dev.faultline.engine.run.RunControl;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code faultline run FILE}: validates, runs, writes the journal. Exit codes as {@code chaos run}:
 * 0 completed and not deviated; 1 deviated, not completed, or invalid; 2 usage error.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run an experiment file (Chaos Toolkit format, JSON or YAML) and write its journal.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The experiment file (.json, .yaml or .yml).")
  Path file;

  @Mixin
  OverrideOptions overrides = new OverrideOptions();

  @Option(names = "--journal-path", paramLabel = "FILE", defaultValue = "./journal.json",
      description = "Where to write the journal (default: ${DEFAULT-VALUE}).")
  Path journalPath;

  @Option(names = "--dry", paramLabel = "MODE",
      description = "Do not execute: probes, actions, activities, or pause (execute but skip pauses).")
  String dry;

  @Option(names = "--rollback-strategy", paramLabel = "STRATEGY",
      description = "default | always | never | deviated (default: the file's runtime block, else default).")
  String rollbackStrategy;

  @Option(names = "--hypothesis-strategy", paramLabel = "STRATEGY",
      description = "default | before-method-only | after-method-only | during-method-only | continuously.")
  String hypothesisStrategy;

  @Option(names = "--hypothesis-frequency", paramLabel = "SECONDS", defaultValue = "1.0",
      description = "Seconds between hypothesis checks during the method (default: ${DEFAULT-VALUE}).")
  double hypothesisFrequency;

  @Option(names = "--fail-fast", description = "Fail the run at the first unmet check during the method.")
  boolean failFast;

  @Option(names = "--json", description = "Print events and the result as JSON lines.")
  boolean json;

  @Option(names = "--fault-lease", paramLabel = "DURATION",
      description = "How long a fault stays after this process is killed, e.g. 5s; faults on Faultline's proxy "
          + "are renewed every third of it (default: 15s, at least 2s).")
  String faultLease;

  @Option(names = "--server", paramLabel = "URL",
      description = "Run on this Faultline server instead of here (e.g. http://127.0.0.1:8080): same output, journal "
          + "and exit codes; Ctrl-C aborts the remote run. Token from $FAULTLINE_TOKEN or --token-file.")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE", description = "With --server: a file holding the bearer token.")
  Path tokenFile;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    if (server != null || tokenFile != null) {
      return callRemote();
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    RunOptions options;
    try {
      options = options();
    } catch (OverrideOptions.BadOverride e) {
      err.println("faultline: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    // Before anything runs: a run that injects faults and then cannot keep its journal is lost.
    java.util.Optional<String> journalProblem = JournalWriter.checkDestination(journalPath);
    if (journalProblem.isPresent()) {
      err.println("faultline: --journal-path '" + journalPath + "': " + journalProblem.get()
          + "; nothing was run (choose a writable --journal-path)");
      return Main.USAGE_ERROR;
    }
    Engine engine = Engine.standard();
    ValidationResult validation = engine.validateForRun(file, options);
    ProblemPrinter.print(validation.problems(), err);
    if (!validation.valid()) {
      err.println(file + ": invalid experiment: " + validation.errors().size() + " error"
          + (validation.errors().size() == 1 ? "" : "s") + "; nothing was run");
      return 1;
    }
    Experiment experiment = validation.experiment().orElseThrow();
    RunResult result = runWithSignals(engine, experiment, options, new ProgressPrinter(out, ProgressPrinter.detect(json)));
    Path journal = journalPath.toAbsolutePath().normalize();
    try {
      JournalWriter.write(result.journal(), journal);
    } catch (IOException e) {
      err.println("faultline: the run ended (" + result.verdict() + ") but its journal could not be written to "
          + journal + ": " + e.getMessage() + "; choose a writable --journal-path");
      return 1;
    }
    if (json) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("event", "result");
      summary.put("status", result.status().wireName());
      summary.put("deviated", result.deviated());
      summary.put("journal", journal.toString());
      summary.put("exit_code", result.exitCode());
      out.println(JournalWriter.toJson(summary).replace("\n", "").replaceAll(" {2,}", " "));
    } else {
      for (Object warning : warnings(result)) {
        err.println("faultline: " + warning);
      }
      out.println("Journal written to " + journal);
      out.println("Experiment ended with status: " + result.verdict());
    }
    return result.exitCode();
  }

  /** {@code --server}: the run happens on the server ({@link RemoteRun}); options are checked here first. */
  private int callRemote() {
    PrintWriter err = spec.commandLine().getErr();
    if (server == null) {
      throw usage("--token-file needs --server URL");
    }
    Overrides o;
    try {
      o = options().overrides(); // strategies and --dry checked as for a local run
    } catch (OverrideOptions.BadOverride e) {
      err.println("faultline: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    java.util.Optional<String> unsupported = RemoteRun.unsupported(o, failFast, hypothesisFrequency, faultLease);
    if (unsupported.isPresent()) {
      throw usage(unsupported.get());
    }
    java.util.Optional<String> journalProblem = JournalWriter.checkDestination(journalPath);
    if (journalProblem.isPresent()) {
      err.println("faultline: --journal-path '" + journalPath + "': " + journalProblem.get()
          + "; nothing was run (choose a writable --journal-path)");
      return Main.USAGE_ERROR;
    }
    ServerClient client;
    try {
      client = ServerClient.connect(server, tokenFile, System.getenv());
    } catch (ServerClient.Usage e) {
      err.println("faultline: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    return new RemoteRun(client, spec.commandLine().getOut(), err).run(new RemoteRun.Request(file, o, journalPath, dry,
        hypothesisStrategy, rollbackStrategy, json));
  }

  /** The run's warnings (why it aborted, was interrupted, what configuration was missing). */
  static java.util.List<?> warnings(RunResult result) {
    return result.journal().get("faultline") instanceof Map<?, ?> f && f.get("warnings") instanceof java.util.List<?> w
        ? w : java.util.List.of();
  }

  static RunResult runWithSignals(Engine engine, Experiment experiment, RunOptions options,
      dev.faultline.core.event.RunListener listener) {
    RunControl control = new RunControl();
    try (InterruptSignals signals = InterruptSignals.routeTo(control)) {
      return engine.run(experiment, options, control, listener);
    }
  }

  private RunOptions options() throws OverrideOptions.BadOverride {
    HypothesisStrategy h = hypothesisStrategy == null ? null : HypothesisStrategy.fromWireName(hypothesisStrategy)
        .orElseThrow(() -> usage("--hypothesis-strategy: unknown strategy '" + hypothesisStrategy
            + "'; expected default, before-method-only, after-method-only, during-method-only or continuously"));
    RollbackStrategy r = rollbackStrategy == null ? null : RollbackStrategy.fromWireName(rollbackStrategy)
        .orElseThrow(() -> usage("--rollback-strategy: unknown strategy '" + rollbackStrategy
            + "'; expected default, always, never or deviated"));
    DryMode d = dry == null ? DryMode.NONE : DryMode.fromWireName(dry).filter(m -> m != DryMode.NONE)
        .orElseThrow(() -> usage("--dry: unknown mode '" + dry + "'; expected probes, actions, activities or pause"));
    if (!(hypothesisFrequency >= 0.001) || Double.isInfinite(hypothesisFrequency)) {
      throw usage("--hypothesis-frequency: must be a finite number of seconds, at least 0.001; got "
          + hypothesisFrequency);
    }
    Overrides o = overrides.toOverrides();
    return withFaultLease(RunOptions.defaults().withStrategies(h, r).withDry(d).withOverrides(o)
        .withFailFast(failFast, DurationText.ofSeconds(hypothesisFrequency))
        .withAppliedFaultLog(RunFaultNotes.forThisHost()));
  }

  /** {@code --fault-lease}, checked: a duration from 2 s to a day. */
  private RunOptions withFaultLease(RunOptions options) {
    if (faultLease == null) {
      return options;
    }
    java.time.Duration lease;
    try {
      lease = DurationText.parse(faultLease);
    } catch (IllegalArgumentException e) {
      throw usage("--fault-lease: " + e.getMessage());
    } catch (ArithmeticException tooLong) {
      lease = RunOptions.MAX_FAULT_LEASE.plusDays(1); // beyond any bound: reported as out of range below
    }
    if (lease.compareTo(dev.faultline.core.fault.FaultExpiry.MIN_LEASE) < 0
        || lease.compareTo(RunOptions.MAX_FAULT_LEASE) > 0) {
      throw usage("--fault-lease: " + faultLease + " is out of range; expected 2s to 24h (renewals must be able to "
          + "cross a busy machine in time, and a killed run's faults should not stay for days)");
    }
    return options.withFaultLease(lease);
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }
}
