package dev.faultline.cli.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The revert matrix's rows: for every fault type Faultline registers, how to apply it against a real
 * target and how to see it in effect, or why it is irreversible or cannot run here. A registered
 * fault type without a row fails the suite ({@code RevertMatrixTest}), so a new fault cannot skip
 * the matrix.
 */
final class MatrixRows {
  static final List<String> PROXY_TOXICS = List.of("proxy-latency", "proxy-bandwidth", "proxy-timeout",
      "proxy-reset-peer", "proxy-slow-close", "proxy-slicer", "proxy-limit-data");
  static final List<String> HOST_NETWORK = List.of("host-blackhole", "host-loss", "host-dns", "host-partition",
      "host-bandwidth", "host-latency");

  static final String CREATED_PROXY = "mx-created";

  private static final String JVM_AGENT_KEEPS_NO_FILE = "the rules live only in the target JVM's memory; the agent keeps "
      + "no state on disk, so a restarted target starts without agent or rules (nothing can come back)";

  private MatrixRows() {}

  /** Proxy names the shared proxy is configured with (one per proxy fault that needs an existing proxy). */
  static List<String> configuredProxies() {
    List<String> names = new ArrayList<>();
    PROXY_TOXICS.forEach(f -> names.add(proxyName(f)));
    names.add(proxyName("proxy-disable"));
    return names;
  }

  static String proxyName(String fault) {
    return "mx-" + fault.substring("proxy-".length());
  }

  /**
   * Builds every row against the shared targets.
   *
   * @param clearJvm clears the target JVM's rules (a child {@code faultline jvm clear}), the forced
   *     clean-up after a jvm cell that did not revert
   */
  static Map<String, FaultCase> build(ProxyTarget proxy, TargetJvm jvm, Runnable clearJvm, HostTargets host,
      boolean network, Path files) throws IOException {
    Map<String, FaultCase> rows = new LinkedHashMap<>();
    String api = proxy.apiUrl();
    Runnable resetProxy = () -> proxy.resetAndDelete(CREATED_PROXY);
    Map<String, Map<String, Object>> toxicParameters = Map.of(
        "proxy-latency", Map.of("latencyMs", 400),
        "proxy-bandwidth", Map.of("rateKBps", 1),
        "proxy-timeout", Map.of("timeoutMs", 0),
        "proxy-reset-peer", Map.of("timeoutMs", 0),
        "proxy-slow-close", Map.of("delayMs", 100),
        "proxy-slicer", Map.of("averageSizeBytes", 10),
        "proxy-limit-data", Map.of("bytes", 1000));
    for (String fault : PROXY_TOXICS) {
      String name = proxyName(fault);
      Map<String, Object> p = new LinkedHashMap<>(toxicParameters.get(fault));
      p.put("proxy", name);
      p.put("apiUrl", api);
      // Latency is also watched on real traffic through the proxy: applied means the toxic is listed
      // AND a round trip is slow; reverted means neither. The other toxics are seen through the API.
      Probe probe = fault.equals("proxy-latency")
          ? Probe.both(run -> proxy.hasToxics(name), run -> proxy.roundTripMs(name) >= 300)
          : run -> proxy.hasToxics(name);
      rows.put(fault, FaultCase.runnable(fault, Injector.PROXY, p, probe, resetProxy, Map.of()));
    }
    String disabled = proxyName("proxy-disable");
    rows.put("proxy-disable", FaultCase.runnable("proxy-disable", Injector.PROXY,
        Map.of("proxy", disabled, "apiUrl", api), run -> proxy.isDisabled(disabled), resetProxy, Map.of()));
    rows.put("proxy-create", FaultCase.runnable("proxy-create", Injector.PROXY,
        Map.of("proxy", CREATED_PROXY, "listen", "127.0.0.1:" + ProxyTarget.freePort(), "upstream", proxy.upstream(),
            "apiUrl", api),
        run -> proxy.exists(CREATED_PROXY), resetProxy, Map.of()));

    Path victim = files.resolve("victim.txt");
    Files.writeString(victim, "moved aside by file-move\n");
    Path movedTo = Path.of(victim + ".faultline-moved");
    rows.put("file-move", FaultCase.runnable("file-move", Injector.HOST, Map.of("path", victim.toString()),
        run -> !Files.exists(victim),
        () -> {
          try {
            if (!Files.exists(victim) && Files.exists(movedTo)) {
              Files.move(movedTo, victim);
            }
          } catch (IOException e) {
            throw new IllegalStateException("cannot put " + victim + " back: " + e.getMessage(), e);
          }
        }, Map.of()));

    rows.put("jvm", FaultCase.runnable("jvm", Injector.JVM,
        Map.of("pid", jvm.pid(), "class", dev.faultline.cli.JvmCliTarget.class.getName(), "method", "beat",
            "throw", "java.lang.IllegalStateException", "message", TargetJvm.MESSAGE),
        run -> jvm.ruleInEffect(), clearJvm, Map.of(FailureMode.RESTART, JVM_AGENT_KEEPS_NO_FILE)));

    rows.put("host-cpu", host("host-cpu", Map.of("cores", 1, "percent", 10),
        run -> HostTargets.hasThread(run, "flcpu-"), () -> { }));
    rows.put("host-memory", host("host-memory", Map.of("mb", 16),
        run -> !host.taggedProcesses("dev.faultline.host.memory.MemoryHolder").isEmpty(),
        () -> host.taggedProcesses("MemoryHolder").forEach(ProcessHandle::destroyForcibly)));
    rows.put("host-disk", host("host-disk", Map.of("path", host.dir.resolve("disk").toString(), "mb", 4),
        run -> host.fileWithPrefix("disk", "faultline-fill-"), () -> host.deleteFiles("disk")));
    rows.put("host-io", host("host-io", Map.of("path", host.dir.resolve("io").toString(), "workers", 1,
            "blockKb", 64, "fileMb", 2, "mode", "read"),
        run -> host.fileWithPrefix("io", "faultline-io-"), () -> host.deleteFiles("io")));
    rows.put("host-kill", FaultCase.irreversible("host-kill", "a signal once delivered cannot be taken back: the "
        + "fault type declares itself irreversible (a crash loop's only 'revert' is that it stops sending)"));
    rows.put("host-pause", host("host-pause", Map.of("pid", host.victimPid()), run -> host.victimStopped(),
        host::continueVictim));
    rows.put("host-forkbomb", host("host-forkbomb", Map.of("count", 5),
        run -> !host.taggedProcesses("sleep 2147483647").isEmpty(),
        () -> host.taggedProcesses("sleep 2147483647").forEach(ProcessHandle::destroyForcibly)));

    if (!network) {
      for (String fault : HOST_NETWORK) {
        rows.put(fault, FaultCase.unsupported(fault, "needs root, ip, nft and tc to make a network namespace"));
      }
    } else {
      rows.put("host-blackhole", network(host, "bh", "host-blackhole", Map.of("host", "10.203.0.2"), null));
      rows.put("host-loss", network(host, "loss", "host-loss", Map.of("percent", 50), null));
      rows.put("host-dns", network(host, "dns", "host-dns", Map.of(), null));
      rows.put("host-partition", network(host, "part", "host-partition", Map.of("host", "10.203.0.2"), null));
      rows.put("host-bandwidth", network(host, "bw", "host-bandwidth", Map.of("device", "mxa", "rateKbit", 1000), "tbf"));
      if (host.netemAvailable()) {
        rows.put("host-latency", network(host, "lat", "host-latency", Map.of("device", "mxa", "latencyMs", 100), "netem"));
      } else {
        rows.put("host-latency", FaultCase.unsupported("host-latency", "this kernel has no netem (sch_netem): "
            + "tc qdisc add ... netem fails in a test namespace, and host-latency refuses without it"));
      }
    }
    return rows;
  }

  private static FaultCase host(String fault, Map<String, Object> parameters, Probe probe, Runnable cleanup) {
    return FaultCase.runnable(fault, Injector.HOST, parameters, probe, cleanup, Map.of());
  }

  /** A network fault in its own namespace, seen as chains in its nft table or as a root qdisc. */
  private static FaultCase network(HostTargets host, String kind, String fault, Map<String, Object> parameters,
      String qdisc) {
    String ns = host.namespace(kind);
    Map<String, Object> p = new LinkedHashMap<>(parameters);
    p.put("netns", ns);
    Probe probe = qdisc == null ? run -> HostTargets.hasFaultlineChains(ns) : run -> HostTargets.hasQdisc(ns, qdisc);
    return host(fault, p, probe, () -> HostTargets.clearNetwork(ns));
  }
}
