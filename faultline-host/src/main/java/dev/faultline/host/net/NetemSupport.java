package dev.faultline.host.net;

import dev.faultline.host.process.Commands;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether this kernel has the netem queueing discipline, which kernel-level latency, jitter and
 * corruption need. Probed for real in a throwaway network namespace (the host's interfaces are
 * never touched); without the privileges for that, the kernel's module files decide.
 */
public final class NetemSupport {
  /** What to tell people when netem is missing. */
  public static final String MISSING = "this kernel has no netem queueing discipline (sch_netem), so kernel-level "
      + "latency, jitter and corruption are not available on this host; use the fault proxy instead "
      + "(faultline proxy, with a latency toxic: see docs/proxy.md)";
  private static volatile Boolean cached;

  private NetemSupport() {}

  /** Whether netem works here (probed once per process). */
  public static boolean available() {
    Boolean b = cached;
    if (b == null) {
      b = probe();
      cached = b;
    }
    return b;
  }

  private static boolean probe() {
    String ns = "faultline-netem-probe-" + ProcessHandle.current().pid();
    if (Commands.run("ip", "netns", "add", ns).ok()) {
      try {
        return Commands.run(List.of("ip", "netns", "exec", ns, "tc", "qdisc", "add", "dev", "lo", "root", "netem",
            "delay", "1ms"), null).ok();
      } finally {
        Commands.run("ip", "netns", "delete", ns);
      }
    }
    String release = System.getProperty("os.version");
    return Files.isDirectory(Path.of("/sys/module/sch_netem"))
        || Files.exists(Path.of("/lib/modules", release, "kernel/net/sched/sch_netem.ko"))
        || Files.exists(Path.of("/lib/modules", release, "kernel/net/sched/sch_netem.ko.xz"))
        || Files.exists(Path.of("/lib/modules", release, "kernel/net/sched/sch_netem.ko.zst"));
  }
}
