package dev.faultline.engine.bench;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ActivityType;
import dev.faultline.core.experiment.Pauses;
import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.Fleet;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.FaultTarget;
import dev.faultline.core.target.Rollout;
import dev.faultline.core.target.Target;
import dev.faultline.core.target.TargetSelector;
import dev.faultline.engine.fault.FaultSession;
import dev.faultline.engine.target.TargetedFaults;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Target selection over {@value #AGENTS} agents (issue 12: at most 50 ms), as the engine does it
 * for a run — the fleet's agent list, the server-host check on every agent, the seeded draw, the
 * safety nets, the journal record and the event (a dry run of one activity) — and the core draw
 * alone, each as a median of {@value #ROUNDS} rounds after {@value #ROUNDS} warm-up rounds, next to
 * a baseline in the same run: copying the agent list. The first (cold) selection is printed too:
 * a run does one selection per activity, in a JVM that may not have warmed up.
 *
 * <p>Run with the engine's test class path: {@code java -cp ... dev.faultline.engine.bench.TargetSelectionBenchmark}.
 */
public final class TargetSelectionBenchmark {
  static final int AGENTS = 10_000;
  static final int ROUNDS = 200;

  private TargetSelectionBenchmark() {}

  public static void main(String[] args) {
    List<Target> agents = new ArrayList<>(AGENTS);
    String[] services = {"checkout", "search", "cart", "payments", "auth"};
    for (int i = 0; i < AGENTS; i++) {
      agents.add(new Target(String.format(Locale.ROOT, "host-%05d", i), "agent", Map.of("service", services[i % 5],
          "zone", String.valueOf((char) ('a' + i % 3)), "role", i % 7 == 0 ? "canary" : "main")));
    }
    Fleet fleet = new Fleet() {
      @Override
      public List<Target> agents() {
        return agents;
      }

      @Override
      public boolean isServerHost(Target agent) {
        return agent.id().equals("host-00000");
      }

      @Override
      public SelfExpiringFault fault(Target agent, RemoteFaultRequest request) throws FaultException {
        throw new FaultException("not in a benchmark");
      }
    };
    // 25 % of checkout in zone a: ~667 carry the tags, ~167 chosen
    TargetSelector selector = new TargetSelector(Map.of("service", "checkout", "zone", "a"), List.of(), null, 25);
    FaultTarget target = new FaultTarget(selector, Optional.empty(), false, Rollout.NONE);
    Activity activity = new Activity(ActivityType.ACTION, "latency", new ProviderSpec("fault", Map.of("fault",
        "host-latency")), null, Pauses.NONE, false, List.of(), Map.of("target", Map.of()), "method[0]");
    int[] events = {0};
    TargetedFaults targets = new TargetedFaults(fleet, new FaultSession() {
      @Override
      public void apply(String label, dev.faultline.core.fault.Fault fault, Optional<java.time.Duration> duration) {}

      @Override
      public void recoverAll() {}
    }, (RunEventKind kind, String subject, Map<String, Object> attributes) -> events[0]++, () -> {
      throw new IllegalStateException("no rollout here");
    });

    // Cold figures also in CPU time: on a shared, loaded machine the wall time is mostly waiting for a core.
    java.lang.management.ThreadMXBean cpu = java.lang.management.ManagementFactory.getThreadMXBean();
    long coldDrawCpu = cpu.getCurrentThreadCpuTime();
    long coldDrawStart = System.nanoTime();
    int coldChosen = selector.choose(fleet.agents(), 1L, Set.of()).chosen().size();
    long coldDrawNanos = System.nanoTime() - coldDrawStart;
    coldDrawCpu = cpu.getCurrentThreadCpuTime() - coldDrawCpu;
    long coldCpu = cpu.getCurrentThreadCpuTime();
    long coldStart = System.nanoTime();
    Map<String, Object> first = targets.dryRun(activity, target);
    long coldNanos = System.nanoTime() - coldStart;
    coldCpu = cpu.getCurrentThreadCpuTime() - coldCpu;

    long[] copy = new long[ROUNDS];
    long[] draw = new long[ROUNDS];
    long[] engine = new long[ROUNDS];
    long sink = 0;
    for (int warm = 0; warm < 2; warm++) {
      for (int r = 0; r < ROUNDS; r++) {
        long t0 = System.nanoTime();
        List<Target> copied = new ArrayList<>(fleet.agents());
        long t1 = System.nanoTime();
        sink += selector.choose(fleet.agents(), r, Set.of("host-00000")).chosen().size();
        long t2 = System.nanoTime();
        sink += targets.dryRun(activity, target).size();
        long t3 = System.nanoTime();
        sink += copied.size();
        copy[r] = t1 - t0;
        draw[r] = t2 - t1;
        engine[r] = t3 - t2;
      }
    }
    System.out.printf(Locale.ROOT, "target selection over %d agents (%s chosen of %s carrying the tags), median of %d:%n",
        AGENTS, ((List<?>) first.get("chosen")).size(), first.get("carrying_tags"), ROUNDS);
    System.out.printf(Locale.ROOT, "  baseline, copying the agent list:          %8.3f ms%n", median(copy));
    System.out.printf(Locale.ROOT, "  core draw (TargetSelector.choose):         %8.3f ms%n", median(draw));
    System.out.printf(Locale.ROOT, "  engine, as a run does it (dry run):        %8.3f ms%n", median(engine));
    System.out.printf(Locale.ROOT, "  cold, first core draw in a fresh JVM:      %8.3f ms (CPU %.3f ms)%n",
        coldDrawNanos / 1e6, coldDrawCpu / 1e6);
    System.out.printf(Locale.ROOT, "  cold, first engine selection after it:     %8.3f ms (CPU %.3f ms)%n",
        coldNanos / 1e6, coldCpu / 1e6);
    System.out.println("  (" + sink + " " + events[0] + " " + coldChosen + ")");
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
