package dev.faultline.host.cpu;

import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.UndoStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * CPU load: one worker thread per core, each holding that core at the target percent. The workers
 * live in this process, so they end with it; nothing outlives a crash.
 */
public final class CpuFault extends HostFault {
  private final int cores;
  private final double percent;
  private final List<DutyCycleWorker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();

  public CpuFault(HostContext context, Map<String, Object> parameters, int cores, double percent) {
    super(context, "host-cpu", parameters);
    this.cores = cores;
    this.percent = percent;
  }

  @Override
  protected List<UndoStep> plan() {
    return List.of();
  }

  @Override
  protected synchronized void takeEffect() {
    for (int i = 0; i < cores; i++) {
      DutyCycleWorker w = new DutyCycleWorker(percent);
      Thread t = new Thread(w, "flcpu-" + i + "-" + id());
      t.setDaemon(true);
      workers.add(w);
      threads.add(t);
      t.start();
    }
  }

  @Override
  protected synchronized void stopInProcessWork() {
    workers.forEach(DutyCycleWorker::stop);
    for (Thread t : threads) {
      try {
        t.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The worker threads' ids, for measuring their load. */
  public synchronized List<Long> workerThreadIds() {
    return threads.stream().map(Thread::getId).toList();
  }

  @Override
  public String target() {
    return cores + (cores == 1 ? " core" : " cores") + " at " + String.format(Locale.ROOT, "%.0f", percent) + "%";
  }
}
