package dev.faultline.server.bench;

import dev.faultline.server.response.Correlator;
import dev.faultline.server.response.Correlator.RunWindow;
import dev.faultline.server.signal.InboundSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Correlating inbound alerts against runs (issue 15: 1,000 alerts × 1,000 runs ≤ 100 ms), a
 * harness run by hand, not a test. Runs are spread over a day across 50 services and 10 teams,
 * each with a 30 s–5 min fault window plus a 10 min horizon; alerts carry a service and a team
 * label (a tenth name their run outright). Reports the wall time of one full correlation, after
 * warm-up, as p50/p99/max of the repetitions.
 *
 * <pre>{@code java -cp … dev.faultline.server.bench.CorrelationBenchmark [--runs 1000] [--alerts 1000] [--reps 200]}</pre>
 */
public final class CorrelationBenchmark {
  private CorrelationBenchmark() {}

  public static void main(String[] args) {
    int runs = intArg(args, "--runs", 1000);
    int alerts = intArg(args, "--alerts", 1000);
    int reps = intArg(args, "--reps", 200);
    Random random = new Random(15);
    long day = 86_400_000L;
    long base = Instant.parse("2026-12-05T00:00:00Z").toEpochMilli();
    List<RunWindow> windows = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long from = base + (long) (random.nextDouble() * day);
      long to = from + 30_000 + random.nextInt(270_000) + 600_000;
      windows.add(new RunWindow("run_" + i, Set.of("svc" + random.nextInt(50)), Set.of("team" + random.nextInt(10)),
          from, to));
    }
    List<InboundSignal> signals = new ArrayList<>();
    Instant now = Instant.now();
    for (int i = 0; i < alerts; i++) {
      Map<String, String> labels = random.nextInt(10) == 0
          ? Map.of("faultline_run", "run_" + random.nextInt(runs), "service", "svc" + random.nextInt(50))
          : Map.of("service", "svc" + random.nextInt(50), "team", "team" + random.nextInt(10), "alertname", "A");
      signals.add(new InboundSignal("alertmanager", InboundSignal.Kind.ALERT_FIRING, "fp" + i, "A", labels,
          Instant.ofEpochMilli(base + (long) (random.nextDouble() * day)), now));
    }
    int matched = 0;
    for (int i = 0; i < 50; i++) {
      matched = Correlator.correlate(windows, signals).values().stream().mapToInt(List::size).sum();
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long t0 = System.nanoTime();
      Correlator.correlate(windows, signals);
      ms[i] = (System.nanoTime() - t0) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "correlate %d alerts x %d runs: %d matches; p50 %.2f ms, p99 %.2f ms, max %.2f ms "
        + "(%d repetitions after 50 warm-up)%n", alerts, runs, matched, ms[reps / 2], ms[(int) (reps * 0.99)],
        ms[reps - 1], reps);
  }

  private static int intArg(String[] args, String name, int dflt) {
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals(name)) {
        return Integer.parseInt(args[i + 1]);
      }
    }
    return dflt;
  }
}
