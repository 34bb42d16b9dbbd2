package dev.faultline.cli.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.cli.ChildFaultline;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs one failure mode for many faults at once: one experiment applying all of them, one real
 * {@code faultline run} child, one probe thread per fault watching the real system; then the
 * failure (signal, safeguard, end of run, injector restart) and a bounded wait for each revert.
 * Faults that did not revert are forced off afterwards, so the next mode starts clean.
 */
final class MatrixRunner {
  /** A short duration for the "duration ends" column. */
  static final Duration FAULT_DURATION = Duration.ofSeconds(2);
  /** Generous bound for "reverted within": lease (2 s) + guardian + a busy 2-core machine. */
  static final Duration REVERT_LIMIT = Duration.ofSeconds(10);
  /** Bound for a child JVM to start and apply every fault (attach, helpers) on a busy machine. */
  static final Duration APPLY_LIMIT = Duration.ofSeconds(60);
  /** How long after the method reached its last activity a fault may still show up. */
  static final Duration LATE_APPLY_GRACE = Duration.ofSeconds(4);
  static final String HOLD = "hold-until-told";
  static final long POLL_MS = 100;
  /** Timer and clock slack allowed before a fault counts as ended early. */
  private static final Duration EARLY_SLACK = Duration.ofMillis(200);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path workDir;
  private final Map<String, String> environment;
  private final List<String> runOptions;
  private final ProxyTarget proxy;

  /**
   * @param environment for every child {@code faultline} (state directories, the host tag)
   * @param runOptions extra options for {@code faultline run} (e.g. {@code --fault-lease 2s} when
   *     the CLI has it)
   */
  MatrixRunner(Path workDir, Map<String, String> environment, List<String> runOptions, ProxyTarget proxy) {
    this.workDir = workDir;
    this.environment = environment;
    this.runOptions = runOptions;
    this.proxy = proxy;
  }

  /** One fault's observations in this mode (nanoTime stamps; 0 = not seen). */
  private static final class Cell {
    final FaultCase fault;
    volatile long appliedNanos;
    /** When the last probe that did not see the fault yet started: the fault came after that. */
    volatile long notYetSeenNanos;
    volatile long revertedNanos;
    volatile long triggerNanos;
    volatile String lastError = "";
    /** Seen in effect before the run started: an earlier column left it, so this one proves nothing. */
    volatile boolean dirty;

    Cell(FaultCase fault) {
      this.fault = fault;
    }

    /** Whether the fault is seen applied; null when the probe failed (the error is kept). */
    Boolean inEffect(long runPid) {
      try {
        return fault.probe().inEffect(runPid);
      } catch (Exception | AssertionError e) {
        lastError = e.toString();
        return null;
      }
    }

    /** Any sign of the fault left (see {@link Probe#anySign}); a failed probe counts as a sign. */
    boolean anySign(long runPid) {
      try {
        return fault.probe().anySign(runPid);
      } catch (Exception | AssertionError e) {
        lastError = e.toString();
        return true; // unknown: not proof of a revert
      }
    }
  }

  /** Runs {@code mode} for {@code faults} (every one runnable in that mode) and returns each cell. */
  Map<String, CellResult> run(FailureMode mode, List<FaultCase> faults) throws Exception {
    Path dir = Files.createDirectories(workDir.resolve(mode.name().toLowerCase(java.util.Locale.ROOT)));
    Path experiment = dir.resolve("experiment.json");
    Files.writeString(experiment, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(experiment(mode, faults, dir)));
    List<String> args = new ArrayList<>(List.of("run", experiment.toString(), "--journal-path",
        dir.resolve("journal.json").toString()));
    args.addAll(runOptions);
    List<Cell> cells = faults.stream().map(Cell::new).toList();
    for (Cell c : cells) {
      c.dirty = c.anySign(ProcessHandle.current().pid());
    }
    String modeProblem = null;
    String runOutput = "";
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, cells.size()), r -> {
      Thread t = new Thread(r, "matrix-probe");
      t.setDaemon(true);
      return t;
    });
    ChildFaultline agent = null;
    Map<String, CellResult> results = new LinkedHashMap<>();
    try (ChildFaultline run = ChildFaultline.start(environment, dir, args.toArray(String[]::new))) {
      awaitApplied(mode, cells, run, pool);
      if (mode != FailureMode.DURATION) {
        List<Cell> applied = cells.stream().filter(c -> c.appliedNanos != 0).toList();
        switch (mode) {
          case RUN_END -> trigger(applied, () -> Files.writeString(dir.resolve("END"), "end"), run, pool);
          case ABORT -> trigger(applied, () -> Files.writeString(dir.resolve("ABORT"), "abort"), run, pool);
          case SIGINT -> trigger(applied, () -> run.signal("INT"), run, pool);
          case SIGTERM -> trigger(applied, () -> run.signal("TERM"), run, pool);
          case SIGKILL -> trigger(applied, () -> run.signal("KILL"), run, pool);
          case RESTART -> agent = restart(applied, run, pool, dir);
          default -> throw new IllegalStateException(mode.name());
        }
      }
      if (run.isAlive()) {
        Files.writeString(dir.resolve("END"), "end");
      }
      run.waitFor(Duration.ofSeconds(30));
      modeProblem = checkJournal(mode, dir.resolve("journal.json"), run);
      runOutput = run.describe();
      for (Cell c : cells) {
        results.put(c.fault.fault(), result(mode, c, modeProblem, runOutput));
      }
    } finally {
      pool.shutdownNow();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      if (agent != null) {
        agent.signal("TERM");
        agent.waitFor(Duration.ofSeconds(30));
      }
      // Also when the column itself failed half-way (no results): every fault is forced off then.
      forceOff(cells, results);
    }
    return results;
  }

  private Map<String, Object> experiment(FailureMode mode, List<FaultCase> faults, Path dir) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("title", "revert matrix: " + mode.title);
    e.put("description", "Applies every fault, then: " + mode.title + " (generated by RevertMatrixTest)");
    if (mode == FailureMode.ABORT) {
      // The safeguard fails once the test creates ABORT: the run ends as a safeguard ends it.
      Map<String, Object> probe = Map.of("type", "probe", "name", "no-abort-file", "frequency", 0.25, "tolerance", 0,
          "provider", Map.of("type", "process", "path", "test",
              "arguments", List.of("!", "-e", dir.resolve("ABORT").toString())));
      e.put("controls", List.of(Map.of("name", "safeguard", "provider", Map.of("type", "python",
          "module", "chaosaddons.controls.safeguards", "arguments", Map.of("probes", List.of(probe))))));
    }
    List<Object> method = new ArrayList<>();
    for (FaultCase f : faults) {
      Map<String, Object> provider = new LinkedHashMap<>();
      provider.put("type", "fault");
      provider.put("fault", f.fault());
      provider.put("parameters", f.parameters());
      if (mode == FailureMode.DURATION) {
        provider.put("duration", FAULT_DURATION.toMillis() + "ms");
      }
      method.add(Map.of("type", "action", "name", "apply " + f.fault(), "provider", provider));
    }
    // Keeps the run going until the test creates END (bounded: 60 s).
    String wait = "i=0; while [ ! -e '" + dir.resolve("END") + "' ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done";
    method.add(Map.of("type", "action", "name", HOLD, "provider",
        Map.of("type", "process", "path", "sh", "arguments", List.of("-c", wait))));
    e.put("method", method);
    return e;
  }

  /**
   * Polls every fault until it is seen in effect; in the duration column also until it reverts.
   * Ends when all are seen, the run exited, or the run reached its last activity and a grace passed.
   */
  private void awaitApplied(FailureMode mode, List<Cell> cells, ChildFaultline run, ExecutorService pool)
      throws InterruptedException {
    long deadline = System.nanoTime() + APPLY_LIMIT.toNanos();
    java.util.concurrent.atomic.AtomicLong stop = new java.util.concurrent.atomic.AtomicLong(deadline);
    List<Future<?>> tasks = new ArrayList<>();
    for (Cell c : cells.stream().filter(c -> !c.dirty).toList()) {
      tasks.add(pool.submit(() -> {
        while (System.nanoTime() < stop.get() && c.appliedNanos == 0) {
          long probeStart = System.nanoTime();
          Boolean seen = c.inEffect(run.pid());
          if (Boolean.TRUE.equals(seen)) {
            c.appliedNanos = System.nanoTime();
          } else {
            if (seen != null) {
              c.notYetSeenNanos = probeStart; // a failed probe proves nothing either way
            }
            sleep(POLL_MS);
          }
        }
        if (mode == FailureMode.DURATION && c.appliedNanos != 0) {
          // The duration started after the last probe that did not see the fault: measuring from
          // there gives an upper bound of the lateness, like every other column's figure.
          long start = c.notYetSeenNanos != 0 ? c.notYetSeenNanos : c.appliedNanos;
          c.triggerNanos = start + FAULT_DURATION.toNanos();
          awaitRevert(c, run.pid(), c.triggerNanos + REVERT_LIMIT.toNanos());
        }
        return null;
      }));
    }
    long holdSeen = 0;
    while (System.nanoTime() < deadline && cells.stream().anyMatch(c -> !c.dirty && c.appliedNanos == 0)) {
      if (!run.isAlive()) {
        break;
      }
      if (holdSeen == 0 && run.stdout().contains(HOLD)) {
        holdSeen = System.nanoTime();
      }
      if (holdSeen != 0 && System.nanoTime() - holdSeen > LATE_APPLY_GRACE.toNanos()) {
        break;
      }
      Thread.sleep(50);
    }
    stop.set(System.nanoTime()); // the ones not seen by now will not be
    await(tasks);
  }

  private interface Action {
    void run() throws Exception;
  }

  /** Triggers the failure and polls each applied fault until it reverts (bounded). */
  private void trigger(List<Cell> applied, Action failure, ChildFaultline run, ExecutorService pool) throws Exception {
    long t = System.nanoTime();
    failure.run();
    List<Future<?>> tasks = new ArrayList<>();
    for (Cell c : applied) {
      c.triggerNanos = t;
      tasks.add(pool.submit(() -> {
        awaitRevert(c, run.pid(), t + REVERT_LIMIT.toNanos());
        return null;
      }));
    }
    await(tasks);
  }

  /**
   * The injector restarts: the proxy is restarted from its config file while the run lives; then
   * the run is killed and a host agent starts on the same state directory (its start-up recovery is
   * the host injector's restart). Returns the agent, which the caller stops.
   */
  private ChildFaultline restart(List<Cell> applied, ChildFaultline run, ExecutorService pool, Path dir)
      throws Exception {
    trigger(applied.stream().filter(c -> c.fault.injector() == Injector.PROXY).toList(), proxy::restart, run, pool);
    List<Cell> host = applied.stream().filter(c -> c.fault.injector() == Injector.HOST).toList();
    run.signal("KILL");
    run.waitFor(Duration.ofSeconds(10));
    ChildFaultline[] agent = {null};
    trigger(host, () -> agent[0] = ChildFaultline.start(environment, dir, "agent"), run, pool);
    return agent[0];
  }

  private static void awaitRevert(Cell c, long runPid, long deadlineNanos) {
    while (System.nanoTime() < deadlineNanos) {
      if (!c.anySign(runPid)) {
        c.revertedNanos = Math.max(System.nanoTime(), c.appliedNanos + 1);
        return;
      }
      sleep(POLL_MS);
    }
  }

  private static CellResult result(FailureMode mode, Cell c, String modeProblem, String runOutput) {
    if (c.dirty) {
      return CellResult.neverApplied("already in effect before this column's run: an earlier column left it applied"
          + lastError(c));
    }
    if (c.appliedNanos == 0) {
      return CellResult.neverApplied("not seen in effect within the apply phase" + lastError(c) + "; the run: "
          + tail(runOutput, 3000));
    }
    if (modeProblem != null) {
      return CellResult.notReverted(modeProblem);
    }
    if (c.revertedNanos == 0) {
      return CellResult.notReverted("still in effect " + REVERT_LIMIT.toSeconds() + " s after " + mode.title + lastError(c));
    }
    if (mode == FailureMode.DURATION) {
      // Ending early is as wrong as ending late. The longest the fault can have been in effect: from
      // the start of the last probe that did not see it to the end of the first that saw it gone.
      long atMostMs = (c.revertedNanos - c.notYetSeenNanos) / 1_000_000;
      if (atMostMs < FAULT_DURATION.toMillis() - EARLY_SLACK.toMillis()) {
        return CellResult.notReverted("reverted early: in effect for at most " + atMostMs + " ms of its "
            + FAULT_DURATION.toMillis() + " ms duration");
      }
    }
    // A revert seen a little before the duration's computed end (within the early slack) counts as 0.
    return CellResult.reverted(Math.max(0, (c.revertedNanos - c.triggerNanos) / 1_000_000));
  }

  private static String tail(String text, int chars) {
    return text.length() <= chars ? text : "..." + text.substring(text.length() - chars);
  }

  private static String lastError(Cell c) {
    return c.lastError.isEmpty() ? "" : " (last probe error: " + c.lastError + ")";
  }

  /** Makes sure the run ended the way the column says; null when it did. */
  private static String checkJournal(FailureMode mode, Path journal, ChildFaultline run) throws IOException {
    String expected = switch (mode) {
      case ABORT, SIGINT, SIGTERM -> "interrupted";
      case DURATION, RUN_END -> "completed";
      default -> null;
    };
    if (expected == null) {
      return null;
    }
    if (!Files.exists(journal)) {
      return "the run wrote no journal; " + run.describe();
    }
    JsonNode j = JSON.readTree(journal.toFile());
    String status = j.path("status").asText();
    if (!status.equals(expected)) {
      return "the run ended with status '" + status + "', not '" + expected + "' as " + mode.title + " should";
    }
    if (mode == FailureMode.ABORT && !j.toString().contains("Safeguard")) {
      return "the run was interrupted, but not by the safeguard";
    }
    return null;
  }

  /** Forces off what did not revert (or was never seen), so the next column starts clean. */
  private void forceOff(List<Cell> cells, Map<String, CellResult> results) {
    boolean hostLeftovers = cells.stream().anyMatch(c -> c.fault.injector() == Injector.HOST
        && !reverted(results, c));
    if (hostLeftovers) {
      // halt reverts every attack record in the matrix's state directory (pause, files, chains, helpers)
      try (ChildFaultline halt = ChildFaultline.start(environment, workDir, "halt")) {
        halt.waitFor(Duration.ofSeconds(30));
      }
    }
    List<String> stuck = new ArrayList<>();
    for (Cell c : cells) {
      if (!reverted(results, c)) {
        c.fault.cleanup().run();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        boolean on;
        while ((on = c.anySign(ProcessHandle.current().pid())) && System.nanoTime() < deadline) {
          sleep(POLL_MS);
        }
        if (on) {
          stuck.add(c.fault.fault());
        }
      }
    }
    if (!stuck.isEmpty()) {
      // Later columns would see these already applied and prove nothing: stop here, loudly.
      throw new IllegalStateException("the forced clean-up could not remove " + stuck + "; clean by hand "
          + "(faultline halt, jvm clear, proxy reset) before running the matrix again");
    }
  }

  private static boolean reverted(Map<String, CellResult> results, Cell c) {
    CellResult r = results.get(c.fault.fault());
    return r != null && r.kind() == CellResult.Kind.REVERTED;
  }

  private static void await(List<Future<?>> tasks) throws InterruptedException {
    for (Future<?> f : tasks) {
      try {
        f.get(APPLY_LIMIT.toSeconds() + REVERT_LIMIT.toSeconds() + 30, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("a probe thread failed: " + e, e);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
