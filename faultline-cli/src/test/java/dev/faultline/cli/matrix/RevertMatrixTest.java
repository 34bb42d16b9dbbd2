package dev.faultline.cli.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.faultline.cli.ChildFaultline;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/**
 * The fault × failure-mode revert matrix (issue 8, item 4): every fault type the registry holds,
 * applied by a real {@code faultline run} against a real target, must be seen reverted on the real
 * system after each failure mode. Cells in {@link KnownGaps} must still fail (strict expected
 * failures). Writes the measured table to {@code target/revert-matrix.md}.
 */
@Tag("revert-matrix")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RevertMatrixTest {
  private final FaultRegistry registry = FaultRegistry.installed();
  private final MatrixReport report = new MatrixReport();
  private final Map<FailureMode, Map<String, CellResult>> runs = new EnumMap<>(FailureMode.class);
  private final Map<FailureMode, RuntimeException> brokenRuns = new EnumMap<>(FailureMode.class);
  private Path work;
  private ProxyTarget proxy;
  private TargetJvm jvm;
  private HostTargets host;
  private Map<String, FaultCase> rows;
  private MatrixRunner runner;
  private String leaseOption = "none (this CLI has no --fault-lease)";
  private long startNanos;
  private String loadAtStart;

  @BeforeAll
  void startTargets() throws Exception {
    startNanos = System.nanoTime();
    loadAtStart = loadAverage();
    work = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "revert-matrix-");
    proxy = new ProxyTarget(Files.createDirectories(work.resolve("proxy")), MatrixRows.configuredProxies());
    jvm = new TargetJvm();
    host = new HostTargets(Files.createDirectories(work.resolve("host")));
    Map<String, String> env = Map.of(
        "FAULTLINE_STATE_DIR", Files.createDirectories(work.resolve("host-state")).toString(),
        "FAULTLINE_JVM_STATE_DIR", Files.createDirectories(work.resolve("jvm-state")).toString(),
        HostTargets.TAG_ENV, host.tag);
    Runnable clearJvm = () -> {
      try (ChildFaultline clear = ChildFaultline.start(env, work, "jvm", "clear", "--pid", Long.toString(jvm.pid()))) {
        clear.waitFor(Duration.ofSeconds(30));
      }
    };
    rows = MatrixRows.build(proxy, jvm, clearJvm, host, HostTargets.networkSupported(),
        Files.createDirectories(work.resolve("files")));
    List<String> runOptions = new ArrayList<>();
    // The lease option arrives with the self-reverting injectors; before that the run has no lease.
    try (ChildFaultline help = ChildFaultline.start(env, work, "run", "--help")) {
      if (help.waitFor(Duration.ofSeconds(30)).stdout().contains("--fault-lease")) {
        runOptions.addAll(List.of("--fault-lease", "2s"));
        leaseOption = "--fault-lease 2s";
      }
    }
    runner = new MatrixRunner(work, env, runOptions, proxy);
    jvm.awaitFirstBeat();
  }

  @AfterAll
  void stopTargets() throws Exception {
    String header = "Revert matrix measured by RevertMatrixTest (" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + ", " + Runtime.getRuntime().availableProcessors() + " cores): each figure is the time from the failure until "
        + "the real system showed the fault gone, an upper bound (probes every ~" + MatrixRunner.POLL_MS + " ms; for "
        + "\"duration ends\", from the earliest moment the " + MatrixRunner.FAULT_DURATION.toSeconds() + " s duration "
        + "can have ended). Bound: " + MatrixRunner.REVERT_LIMIT.toSeconds() + " s. Run option: " + leaseOption
        + ". Whole matrix: " + Duration.ofNanos(System.nanoTime() - startNanos).toSeconds() + " s; load average "
        + loadAtStart + " at its start, " + loadAverage() + " at its end (figures grow with the load).";
    String table = report.markdown(header);
    report.write(Path.of("target", "revert-matrix.md"), header);
    System.out.println(table);
    if (host != null) {
      host.close();
    }
    if (jvm != null) {
      jvm.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  @Test
  void everyRegisteredFaultHasARowAndEveryRowARegisteredFault() {
    List<String> registered = registry.types().stream().map(FaultType::name).toList();
    assertThat(rows.keySet()).as("rows of the revert matrix (MatrixRows) vs the fault registry")
        .containsExactlyInAnyOrderElementsOf(registered);
    for (FaultCase c : rows.values()) {
      boolean reversible = registry.find(c.fault()).orElseThrow().reversible();
      assertThat(c.irreversibleReason().isPresent()).as(c.fault() + ": an N/A row only for an irreversible fault")
          .isEqualTo(!reversible);
    }
    for (String gap : KnownGaps.CELLS.keySet()) {
      String fault = gap.substring(0, gap.indexOf(" × "));
      assertThat(rows).as("known gap " + gap + " names a row").containsKey(fault);
    }
  }

  /** One container per failure mode, one cell per registered fault type, in the registry's order. */
  @TestFactory
  Stream<DynamicNode> revertMatrix() {
    List<String> registered = registry.types().stream().map(FaultType::name).toList();
    return Stream.of(FailureMode.values()).map(mode -> DynamicContainer.dynamicContainer(mode.title,
        registered.stream().map(fault -> DynamicTest.dynamicTest(fault + " × " + mode.title, () -> cell(fault, mode)))));
  }

  private void cell(String fault, FailureMode mode) throws Exception {
    FaultCase row = rows.get(fault);
    if (row == null) {
      fail("fault type '" + fault + "' has no row in the revert matrix: add it to MatrixRows (a target, a probe of the "
          + "real system) or, if it cannot be reverted, an irreversible row saying why");
    }
    if (row.irreversibleReason().isPresent()) {
      record(fault, mode, CellResult.notApplicable(row.irreversibleReason().get()));
      Assumptions.abort("N/A: " + row.irreversibleReason().get());
    }
    if (row.skipReason().isPresent()) {
      record(fault, mode, CellResult.skipped(row.skipReason().get()));
      Assumptions.abort("cannot run here: " + row.skipReason().get());
    }
    if (!row.runsIn(mode)) {
      String reason = row.notApplicable().get(mode);
      record(fault, mode, CellResult.notApplicable(reason));
      Assumptions.abort("N/A: " + reason);
    }
    CellResult result = resultsOf(mode).get(fault);
    record(fault, mode, result);
    String gap = KnownGaps.CELLS.get(KnownGaps.key(fault, mode));
    if (result.kind() == CellResult.Kind.NEVER_APPLIED) {
      fail(fault + " was never seen applied in the '" + mode.title + "' run, so its revert was not tested: "
          + result.detail());
    }
    if (gap != null) {
      if (result.kind() == CellResult.Kind.REVERTED) {
        fail(fault + " × " + mode.title + " now reverts (" + result.revertMs() + " ms): remove it from KnownGaps");
      }
      System.out.println("known gap, still failing as expected: " + fault + " × " + mode.title + ": " + gap);
      return;
    }
    assertThat(result.kind()).as(fault + " × " + mode.title + ": " + result.detail()).isEqualTo(CellResult.Kind.REVERTED);
  }

  /** The 1-minute load average, or "?" where /proc/loadavg cannot be read. */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }

  private void record(String fault, FailureMode mode, CellResult result) {
    report.record(fault, mode, result);
  }

  /** The mode's run, done once for every fault that runs in it (the first cell of the mode pays). */
  private Map<String, CellResult> resultsOf(FailureMode mode) throws Exception {
    if (brokenRuns.containsKey(mode)) {
      throw brokenRuns.get(mode); // the column's run failed once: do not run it again for every cell
    }
    Map<String, CellResult> results = runs.get(mode);
    if (results == null) {
      List<FaultCase> faults = rows.values().stream().filter(c -> c.runsIn(mode)).toList();
      long t = System.nanoTime();
      try {
        results = runner.run(mode, faults);
      } catch (Exception | AssertionError e) {
        brokenRuns.put(mode, new IllegalStateException("the '" + mode.title + "' run failed: " + e.getMessage(), e));
        throw brokenRuns.get(mode);
      }
      System.out.println("revert matrix: " + mode.title + " for " + faults.size() + " faults took "
          + Duration.ofNanos(System.nanoTime() - t).toMillis() + " ms");
      runs.put(mode, results);
    }
    return results;
  }
}
