package dev.faultline.host.bench;

import dev.faultline.host.ProcStat;
import dev.faultline.host.TestHost;
import dev.faultline.host.attack.AttackRunner;
import dev.faultline.host.attack.HostRecovery;
import dev.faultline.host.attack.RunningAttack;
import dev.faultline.host.net.NetnsPair;
import dev.faultline.host.net.NftTable;
import dev.faultline.host.process.Commands;
import dev.faultline.host.process.MarkedProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Host attack figures for BENCHMARKS.md (not a test; needs root): halt latency with 5 attacks of
 * different kinds active, CPU accuracy, and time from command to effect per kind.
 */
public final class HostAttackBenchmark {
  private HostAttackBenchmark() {}

  public static void main(String[] args) throws Exception {
    TestHost host = new TestHost();
    Path tmpfs = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "bench-tmpfs-");
    Commands.run("mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", tmpfs.toString());
    try (NetnsPair pair = new NetnsPair(); AttackRunner runner = new AttackRunner(host.registry())) {
      timeToEffect(runner, pair, tmpfs, host);
      halt(runner, pair, tmpfs, host);
      cpuAccuracy(runner);
    } finally {
      Commands.run("umount", "-l", tmpfs.toString());
    }
    System.exit(0);
  }

  private static void halt(AttackRunner runner, NetnsPair pair, Path tmpfs, TestHost host) throws Exception {
    List<Double> ms = new ArrayList<>();
    for (int trial = 0; trial < 20; trial++) {
      List<RunningAttack> attacks = List.of(
          runner.start("cpu", Map.of("cores", 1, "percent", 50), Duration.ofMinutes(5)),
          runner.start("forkbomb", Map.of("count", 20), Duration.ofMinutes(5)),
          runner.start("disk", Map.of("path", tmpfs.toString(), "mb", 16), Duration.ofMinutes(5)),
          runner.start("io", Map.of("path", host.stateDir.toString(), "fileMb", 8, "workers", 1), Duration.ofMinutes(5)),
          runner.start("blackhole", Map.of("host", pair.ipB, "netns", pair.a), Duration.ofMinutes(5)));
      Thread.sleep(200);
      long start = System.nanoTime();
      new HostRecovery(host.journal()).haltAll();
      for (RunningAttack a : attacks) {
        a.ended().get(5, TimeUnit.SECONDS); // the owner's in-process workers have stopped
      }
      ms.add((System.nanoTime() - start) / 1e6);
      if (!NftTable.chainNames(pair.namespaceA()).isEmpty() || !MarkedProcesses.find("forkbomb-" + attacks.get(1).id()).isEmpty()) {
        throw new IllegalStateException("halt left something behind");
      }
    }
    Collections.sort(ms);
    System.out.printf(Locale.ROOT, "halt, 5 kinds active (cpu, forkbomb x20, disk 16MB, io, blackhole), 20 trials: "
        + "p50 %.1f ms, p99 %.1f ms, max %.1f ms; target p99 <= 1000 ms -> %s%n",
        ms.get(9), ms.get(19), ms.get(19), ms.get(19) <= 1000 ? "MET" : "NOT MET");
  }

  private static void cpuAccuracy(AttackRunner runner) throws Exception {
    int n = Runtime.getRuntime().availableProcessors();
    System.out.println("CPU accuracy (3 s per point; per-thread = /proc/self/task/*/stat of the workers, "
        + "system = /proc/stat busy share of all cores minus the idle baseline):");
    for (int cores : new int[] {1, Math.min(2, n)}) {
      for (int percent : new int[] {25, 50, 75, 100}) {
        double baseline = systemBusy(1000);
        RunningAttack a = runner.start("cpu", Map.of("cores", cores, "percent", percent), Duration.ofMinutes(1));
        Thread.sleep(300);
        long ticks = ProcStat.threadTicks("flcpu-");
        long[] sys = ProcStat.systemJiffies();
        long start = System.nanoTime();
        Thread.sleep(3000);
        double seconds = (System.nanoTime() - start) / 1e9;
        double perThread = (ProcStat.threadTicks("flcpu-") - ticks) / seconds / cores;
        long[] sys2 = ProcStat.systemJiffies();
        double system = 100.0 * (sys2[0] - sys[0]) / (sys2[1] - sys[1]) * n / cores - baseline * n / cores;
        a.stop();
        System.out.printf(Locale.ROOT, "  %d core(s) at %3d%%: per-thread %.1f%% (error %+.1f), system %.1f%% (error %+.1f)%n",
            cores, percent, perThread, perThread - percent, system, system - percent);
      }
    }
  }

  private static double systemBusy(long ms) throws Exception {
    long[] a = ProcStat.systemJiffies();
    Thread.sleep(ms);
    long[] b = ProcStat.systemJiffies();
    return 100.0 * (b[0] - a[0]) / Math.max(1, b[1] - a[1]);
  }

  private static void timeToEffect(AttackRunner runner, NetnsPair pair, Path tmpfs, TestHost host) throws Exception {
    Process victim = new ProcessBuilder("sleep", "1000." + ProcessHandle.current().pid() + "7").start();
    Map<String, Map<String, Object>> kinds = new LinkedHashMap<>();
    kinds.put("cpu", Map.of("cores", 1, "percent", 50));
    kinds.put("memory", Map.of("mb", 256));
    kinds.put("disk", Map.of("path", tmpfs.toString(), "mb", 32));
    kinds.put("io", Map.of("path", host.stateDir.toString(), "fileMb", 16, "workers", 1));
    kinds.put("pause", Map.of("pid", victim.pid()));
    kinds.put("forkbomb", Map.of("count", 100));
    kinds.put("blackhole", Map.of("host", pair.ipB, "netns", pair.a));
    kinds.put("loss", Map.of("percent", 10, "netns", pair.a));
    kinds.put("dns", Map.of("netns", pair.a));
    kinds.put("partition", Map.of("host", pair.ipB, "netns", pair.a));
    kinds.put("bandwidth", Map.of("device", pair.vethA, "rateKbit", 8000, "netns", pair.a));
    System.out.println("time from command to effect (attack applied and verified in effect; median of 5, in-process, "
        + "JVM start not included):");
    for (var e : kinds.entrySet()) {
      List<Double> ms = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        long start = System.nanoTime();
        RunningAttack a = runner.start(e.getKey(), e.getValue(), Duration.ofMinutes(1));
        ms.add((System.nanoTime() - start) / 1e6);
        a.stop();
      }
      Collections.sort(ms);
      System.out.printf(Locale.ROOT, "  %-10s %7.1f ms (min %.1f, max %.1f)%n", e.getKey(), ms.get(2), ms.get(0), ms.get(4));
    }
    List<Double> kill = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Process v = new ProcessBuilder("sleep", "1000." + ProcessHandle.current().pid() + "8").start();
      long start = System.nanoTime();
      RunningAttack a = runner.start("kill", Map.of("pid", v.pid()), Duration.ofMinutes(1));
      v.waitFor(5, TimeUnit.SECONDS);
      kill.add((System.nanoTime() - start) / 1e6);
      a.stop();
    }
    Collections.sort(kill);
    System.out.printf(Locale.ROOT, "  %-10s %7.1f ms (min %.1f, max %.1f) until the victim is dead%n", "kill", kill.get(2),
        kill.get(0), kill.get(4));
    victim.destroyForcibly();
  }
}
