package dev.faultline.engine.run;

import dev.faultline.core.RunStatus;
import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.event.RunListener;
import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.experiment.HypothesisStrategy;
import dev.faultline.core.experiment.RollbackStrategy;
import dev.faultline.core.experiment.Step;
import dev.faultline.engine.fault.TrackedFaultSession;
import dev.faultline.engine.journal.SecretMasker;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.provider.ProviderRegistry;
import dev.faultline.engine.substitute.Substitutor;
import dev.faultline.engine.target.TargetedFaults;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a validated experiment with Chaos Toolkit's semantics (see docs/semantics.md):
 *
 * <pre>
 *   safeguards ─► hypothesis BEFORE (gate) ─► METHOD (+ DURING checks) ─► hypothesis AFTER
 *              ─► ROLLBACKS (per strategy) ─► recover every fault ─► journal
 * </pre>
 *
 * Interruption (signal, safeguard) can happen anywhere; the run then skips ahead to rollbacks
 * (per strategy) and fault recovery, and still returns a journal.
 */
public final class ExperimentRunner {
  /** Written as {@code chaoslib-version} so tools reading journals know who wrote them. */
  public static final String ENGINE_VERSION = "faultline-0.1.0";

  private final ProviderRegistry providers;
  private final EngineSettings settings;

  public ExperimentRunner(ProviderRegistry providers, EngineSettings settings) {
    this.providers = providers;
    this.settings = settings;
  }

  /** Runs {@code experiment} in the calling thread; {@code control} may interrupt it from any thread. */
  public RunResult run(Experiment experiment, RunOptions options, RunControl control, RunListener listener) {
    Thread runner = Thread.currentThread();
    control.register(runner);
    List<String> warnings = new ArrayList<>();
    RunValues values = RunValues.resolve(experiment, options.overrides(), providers, settings, warnings);
    SecretMasker masker = SecretMasker.of(values.secrets());
    Timeline timeline = new Timeline(event -> listener.onEvent(mask(event, masker)));
    HypothesisStrategy hypothesisStrategy = choose(options.hypothesisStrategy(),
        experiment.runtime().hypothesisStrategy(), HypothesisStrategy.DEFAULT);
    RollbackStrategy rollbackStrategy = choose(options.rollbackStrategy(),
        experiment.runtime().rollbackStrategy(), RollbackStrategy.DEFAULT);

    Instant start = Instant.now();
    long startNanos = System.nanoTime();
    Substitutor substitutor = new Substitutor(values.configuration(), values.secrets());
    Map<String, Object> document = new LinkedHashMap<>(experiment.document());
    document.put("title", substitutor.substituteText(experiment.title()));
    document.put("dry", options.dry() == DryMode.NONE ? null : options.dry().wireName());
    timeline.record(RunEventKind.RUN_STARTED, String.valueOf(document.get("title")),
        Map.of("hypothesis_strategy", hypothesisStrategy.wireName(), "rollback_strategy", rollbackStrategy.wireName()));

    RunState state = new RunState();
    try (TrackedFaultSession faults = new TrackedFaultSession(timeline::record, options.faultLease(),
        options.appliedFaultLog())) {
      RunScope scope = new RunScope(values.configuration(), values.secrets(), faults, settings, substitutor);
      AtomicReference<HypothesisRunner> checker = new AtomicReference<>();
      TargetedFaults targets = new TargetedFaults(options.fleet(), faults, timeline::record, () -> {
        if (experiment.hypothesis() == null) {
          return new TargetedFaults.Check(true, null); // validation requires one for a rollout
        }
        HypothesisRunner.State s = checker.get().run(experiment.hypothesis(), Phase.HYPOTHESIS_DURING);
        return new TargetedFaults.Check(s.met(), s.journalState());
      });
      ActivityExecutor executor = new ActivityExecutor(experiment, providers, scope, timeline, options.dry(), targets);
      HypothesisRunner hypothesis = new HypothesisRunner(executor, providers, scope, timeline, options.dry());
      checker.set(hypothesis);
      MethodRunner method = new MethodRunner(executor, timeline, control, state);
      try (Safeguards safeguards = Safeguards.start(experiment, providers, executor, hypothesis, control, timeline)) {
        runPhases(experiment, options, hypothesisStrategy, control, state, timeline, hypothesis, method);
      } catch (InterruptedException e) {
        state.status.set(RunStatus.INTERRUPTED);
      } catch (ActivityExecutor.AbortException e) {
        state.abort(e.getMessage());
      } catch (RuntimeException e) {
        state.abort("unexpected error: " + e);
      }
      Thread.interrupted(); // clear a pending interrupt so rollbacks can run when the strategy says so
      if (control.interrupted()) {
        state.status.set(RunStatus.INTERRUPTED);
        state.warnings.add("interrupted: " + control.reason());
        timeline.record(RunEventKind.INTERRUPTED, control.reason(), Map.of());
      }
      if (playsRollbacks(rollbackStrategy, state.status.get(), state.deviated)) {
        runRollbacks(experiment, control, state, timeline, executor);
      }
      faults.recoverAll();
      for (String fault : faults.stillApplied()) {
        state.warnings.add("fault could not be recovered (the shutdown hook tries again): " + fault);
      }
      state.warnings.addAll(faults.warnings());
    } finally {
      control.unregister(runner);
    }
    long endNanos = System.nanoTime();
    synchronized (state.warnings) {
      warnings.addAll(state.warnings);
    }
    timeline.record(RunEventKind.RUN_ENDED, state.status.get().wireName(), Map.of("deviated", state.deviated));

    Map<String, Object> journal = new LinkedHashMap<>();
    journal.put("chaoslib-version", ENGINE_VERSION);
    journal.put("platform", System.getProperty("os.name") + "-" + System.getProperty("os.version") + "-"
        + System.getProperty("os.arch"));
    journal.put("node", hostName());
    journal.put("experiment", document);
    journal.put("start", JournalTime.format(start));
    journal.put("status", state.status.get().wireName());
    journal.put("deviated", state.deviated);
    Map<String, Object> steadyStates = new LinkedHashMap<>();
    steadyStates.put("before", state.before);
    steadyStates.put("after", state.after);
    steadyStates.put("during", state.during());
    journal.put("steady_states", steadyStates);
    journal.put("run", state.runEntries());
    journal.put("rollbacks", state.rollbackEntries);
    journal.put("end", JournalTime.format(Instant.now()));
    journal.put("duration", JournalTime.seconds(startNanos, endNanos));
    Map<String, Object> faultline = new LinkedHashMap<>();
    faultline.put("version", ENGINE_VERSION);
    faultline.put("hypothesis_strategy", hypothesisStrategy.wireName());
    faultline.put("rollback_strategy", rollbackStrategy.wireName());
    faultline.put("verdict", new RunResult(state.status.get(), state.deviated, Map.of()).verdict());
    faultline.put("warnings", warnings);
    journal.put("faultline", faultline);
    journal.put("timeline", TimelineJson.of(timeline.events()));
    @SuppressWarnings("unchecked")
    Map<String, Object> masked = (Map<String, Object>) masker.mask(journal);
    maskSecretLiterals(masked);
    return new RunResult(state.status.get(), state.deviated, masked);
  }

  private static void runPhases(Experiment experiment, RunOptions options, HypothesisStrategy strategy,
      RunControl control, RunState state, Timeline timeline, HypothesisRunner hypothesis, MethodRunner method)
      throws InterruptedException {
    boolean hasHypothesis = experiment.hypothesis() != null && !experiment.hypothesis().probes().isEmpty();
    if (hasHypothesis && strategy.before()) {
      HypothesisRunner.State before = hypothesis.run(experiment.hypothesis(), Phase.HYPOTHESIS_BEFORE);
      state.before = before.journalState();
      if (!before.met()) {
        // Chaos Toolkit ≥ 1.35: a plain mismatch is "completed" (not deviated); a raising probe is "failed".
        state.status.set(before.probeFailed() ? RunStatus.FAILED : RunStatus.COMPLETED);
        state.warnings.add("steady state not met before the method; the method was not run");
        return;
      }
    }
    DuringChecks during = hasHypothesis && strategy.during()
        ? DuringChecks.start(experiment.hypothesis(), hypothesis, options, control, state) : null;
    try {
      timeline.record(RunEventKind.METHOD_STARTED, "method", Map.of());
      method.run(experiment.method());
    } finally {
      if (during != null) {
        during.stop();
      }
      timeline.record(RunEventKind.METHOD_ENDED, "method", Map.of());
    }
    RunStatus status = state.status.get();
    if (hasHypothesis && strategy.after() && status != RunStatus.ABORTED && status != RunStatus.INTERRUPTED
        && !control.interrupted()) {
      HypothesisRunner.State after = hypothesis.run(experiment.hypothesis(), Phase.HYPOTHESIS_AFTER);
      state.after = after.journalState();
      if (!after.met()) {
        state.deviated = true;
        state.status.set(after.probeFailed() ? RunStatus.FAILED : RunStatus.COMPLETED);
      }
    }
  }

  private static void runRollbacks(Experiment experiment, RunControl control, RunState state, Timeline timeline,
      ActivityExecutor executor) {
    if (experiment.rollbacks().isEmpty()) {
      return;
    }
    timeline.record(RunEventKind.ROLLBACKS_STARTED, "rollbacks", Map.of());
    for (Step step : experiment.rollbacks()) {
      try {
        // A failed rollback does not stop the others (Chaos Toolkit spec, "Rollbacks").
        ActivityExecutor.Outcome outcome = executor.execute(step, Phase.ROLLBACK);
        state.rollbackEntries.add(outcome.entry());
        outcome.throwIfInterrupted();
      } catch (InterruptedException e) {
        state.status.set(RunStatus.INTERRUPTED);
        break;
      } catch (ActivityExecutor.AbortException e) {
        state.warnings.add("rollback aborted: " + e.getMessage());
      }
    }
    timeline.record(RunEventKind.ROLLBACKS_ENDED, "rollbacks", Map.of());
  }

  static boolean playsRollbacks(RollbackStrategy strategy, RunStatus status, boolean deviated) {
    return switch (strategy) {
      case DEFAULT -> status != RunStatus.FAILED && status != RunStatus.INTERRUPTED;
      case ALWAYS -> true;
      case NEVER -> false;
      case DEVIATED -> deviated;
    };
  }

  private static <T> T choose(T flag, T file, T fallback) {
    return flag != null ? flag : file != null ? file : fallback;
  }

  @SuppressWarnings("unchecked")
  private static void maskSecretLiterals(Map<String, Object> journal) {
    // The experiment copy keeps its secrets block; literal values there are secrets by definition.
    if (journal.get("experiment") instanceof Map<?, ?> exp && exp.get("secrets") instanceof Map<?, ?> scopes) {
      Map<String, Object> masked = new LinkedHashMap<>();
      scopes.forEach((scope, entries) -> {
        Map<String, Object> values = new LinkedHashMap<>();
        if (entries instanceof Map<?, ?> m) {
          m.forEach((k, v) -> values.put(String.valueOf(k), v instanceof Map ? v : SecretMasker.MASK));
        }
        masked.put(String.valueOf(scope), values);
      });
      ((Map<String, Object>) exp).put("secrets", masked);
    }
  }

  private static RunEvent mask(RunEvent e, SecretMasker masker) {
    @SuppressWarnings("unchecked")
    Map<String, Object> attributes = (Map<String, Object>) masker.mask(e.attributes());
    return new RunEvent(e.kind(), masker.maskText(e.subject()), e.wallTime(), e.monotonicNanos(), attributes);
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (Exception e) {
      return "unknown";
    }
  }

  /** Mutable state shared by the phases of one run (and its background threads). */
  static final class RunState {
    final AtomicReference<RunStatus> status = new AtomicReference<>(RunStatus.COMPLETED);
    volatile boolean deviated;
    volatile Map<String, Object> before;
    volatile Map<String, Object> after;
    private final List<Map<String, Object>> during = new ArrayList<>();
    private final List<Object> runSlots = new ArrayList<>();
    final List<Map<String, Object>> rollbackEntries = new ArrayList<>();
    final List<String> warnings = java.util.Collections.synchronizedList(new ArrayList<>());

    void abort(String why) {
      status.set(RunStatus.ABORTED);
      warnings.add("aborted: " + why);
    }

    synchronized void addDuring(Map<String, Object> s) {
      during.add(s);
    }

    synchronized List<Map<String, Object>> during() {
      return List.copyOf(during);
    }

    /** Reserves the journal slot of an activity at its start, so the journal is in start order. */
    synchronized int reserveRunSlot() {
      runSlots.add(null);
      return runSlots.size() - 1;
    }

    synchronized void fillRunSlot(int slot, Map<String, Object> entry) {
      runSlots.set(slot, entry);
    }

    @SuppressWarnings("unchecked")
    synchronized List<Map<String, Object>> runEntries() {
      List<Map<String, Object>> out = new ArrayList<>();
      for (Object o : runSlots) {
        if (o != null) {
          out.add((Map<String, Object>) o);
        }
      }
      return out;
    }
  }
}
