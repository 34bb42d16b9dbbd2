package dev.faultline.jvmagent;

import java.util.ArrayList;
import java.util.List;

/** Keeps {@code cpuThreads} daemon threads busy computing until cleared or its length ends. */
final class CpuBurnRule extends Rule {
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean stop;

  CpuBurnRule(int id, RuleRequest request) throws RuleRefusedException {
    super(id, request);
    int limit = 4 * Runtime.getRuntime().availableProcessors();
    if (request.cpuThreads > limit) {
      throw new RuleRefusedException(request.cpuThreads + " CPU-burning threads is more than 4 per processor ("
          + limit + " here); more adds no load, only scheduling noise");
    }
    for (int i = 0; i < request.cpuThreads; i++) {
      Thread t = new Thread(this::burn, "faultline-agent-cpu-burn-" + id + "-" + i);
      t.setDaemon(true);
      t.setPriority(Thread.NORM_PRIORITY);
      threads.add(t);
    }
    threads.forEach(Thread::start);
  }

  private void burn() {
    double x = 1;
    while (!stop) {
      for (int i = 0; i < 100_000; i++) {
        x = Math.sqrt(x + i) * 1.0000001;
      }
    }
    if (x == 42) {
      System.out.print(""); // keeps the loop from being optimised away
    }
  }

  @Override
  String target() {
    return "jvm";
  }

  @Override
  String effect() {
    return "burn CPU on " + request.cpuThreads + " thread" + (request.cpuThreads == 1 ? "" : "s");
  }

  @Override
  long hits() {
    return 1;
  }

  @Override
  void stopEffect() {
    stop = true;
  }

  @Override
  void revert() {
    stop = true;
  }
}
