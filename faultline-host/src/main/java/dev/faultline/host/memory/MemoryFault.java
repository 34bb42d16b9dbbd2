package dev.faultline.host.memory;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.process.MarkedProcesses;
import dev.faultline.host.state.UndoStep;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Memory pressure: a helper process ({@link MemoryHolder}) holding N MiB of touched pages. A
 * separate process is honest (its RSS is the attack, the JVM heap limit does not apply) and easy
 * to end from anywhere: it is marked, and it exits by itself when the attacker dies.
 */
public final class MemoryFault extends HostFault {
  private final long mb;
  private volatile Process helper;

  public MemoryFault(HostContext context, Map<String, Object> parameters, long mb) {
    super(context, "host-memory", parameters);
    this.mb = mb;
  }

  /** Kept free on the host: at least this many MiB... */
  static final long HOST_MARGIN_MB = 128;
  /** ...or this share of total memory, whichever is more, so the host itself keeps working. */
  static final double HOST_MARGIN_SHARE = 0.02;
  /** What the helper JVM needs beyond the memory it holds, inside the same cgroup. */
  static final long HELPER_OVERHEAD_MB = 48;
  /** Kept free in a limited cgroup besides the helper's overhead: this share of the limit. */
  static final double CGROUP_MARGIN_SHARE = 0.05;

  @Override
  protected List<UndoStep> plan() throws FaultException {
    MemInfo now = MemInfo.read();
    long hostMargin = Math.max(HOST_MARGIN_MB, Math.round(now.totalMb() * HOST_MARGIN_SHARE));
    if (mb > now.availableMb() - hostMargin) {
      throw new FaultException("mb: " + mb + " MB is more than this host can give now (" + now.availableMb()
          + " MB available, " + hostMargin + " MB kept back); allowed 1 to " + Math.max(1, now.availableMb() - hostMargin)
          + ". Nothing was applied.");
    }
    // The helper is our child, so it lives in our memory cgroup: beyond its limit the kernel
    // would OOM-kill it (or us) instead of holding the memory.
    Optional<CgroupMemory> cgroup = CgroupMemory.ofThisProcess();
    if (cgroup.isPresent()) {
      CgroupMemory c = cgroup.get();
      long margin = HELPER_OVERHEAD_MB + Math.round(c.limitMb() * CGROUP_MARGIN_SHARE);
      long allowed = c.freeMb() - margin;
      if (mb > allowed) {
        throw new FaultException("mb: " + mb + " MB is more than the memory cgroup of this process allows (" + c.cgroup()
            + ": limit " + c.limitMb() + " MB, " + c.usageMb() + " MB in use, " + margin + " MB kept for the helper and a margin); "
            + (allowed >= 1 ? "allowed 1 to " + allowed : "no memory attack fits in it now")
            + ". Run it in a cgroup with more room. Nothing was applied.");
      }
    }
    return List.of(new UndoStep.KillMarkedProcesses(marker()));
  }

  @Override
  protected void takeEffect() throws FaultException {
    ProcessBuilder pb = new ProcessBuilder(java(), "-Xmx16m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-XX:-UsePerfData", "-XX:MaxDirectMemorySize=" + (mb + 16) + "m", "-cp", ownCodeSource(),
        MemoryHolder.class.getName(), Long.toString(mb));
    pb.redirectErrorStream(true);
    Process p;
    try {
      p = MarkedProcesses.mark(pb, marker()).start();
    } catch (IOException e) {
      throw new FaultException("could not start the memory helper process: " + e.getMessage(), e);
    }
    helper = p;
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line; (line = out.readLine()) != null; ) {
          if (line.startsWith("READY")) {
            return null;
          }
          seen.append(line).append('\n');
        }
      } catch (IOException e) {
        seen.append(e.getMessage());
      }
      return seen.length() == 0 ? "it exited" : seen.toString().strip();
    });
    try {
      long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30 + mb / 200);
      String failure = null;
      while (true) {
        try {
          failure = ready.get(100, TimeUnit.MILLISECONDS);
          break;
        } catch (TimeoutException stillAllocating) {
          if (stopRequested()) {
            return; // stopped while allocating: the revert kills the helper
          }
          if (System.nanoTime() > deadlineNs) {
            throw stillAllocating;
          }
        }
      }
      if (failure != null) {
        throw new FaultException("the memory helper could not hold " + mb + " MB: " + failure);
      }
    } catch (TimeoutException e) {
      throw new FaultException("the memory helper did not report within " + (30 + mb / 200) + " s");
    } catch (ExecutionException e) {
      throw new FaultException("the memory helper failed: " + e.getCause().getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while the memory helper allocated");
    }
  }

  @Override
  protected void stopInProcessWork() {
    Process p = helper;
    if (p != null) {
      p.destroyForcibly();
      try {
        p.waitFor(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The helper's pid while it runs (for tests measuring its RSS). */
  public long helperPid() {
    Process p = helper;
    return p == null ? -1 : p.pid();
  }

  @Override
  public String target() {
    return mb + " MB held by a helper process";
  }

  private String marker() {
    return "memory-" + id();
  }

  static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String ownCodeSource() {
    try {
      return Path.of(MemoryHolder.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
