package dev.faultline.fleet.agent;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.fleet.protocol.Message.Capabilities;
import dev.faultline.fleet.protocol.Message.JvmInfo;
import dev.faultline.fleet.protocol.Message.ProxyInfo;
import java.io.IOException;
import java.math.BigInteger;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What this host can really do, checked here and now rather than assumed: the installed fault
 * types minus those whose privileges, tools or kernel features are missing (each with the reason),
 * the JVMs running here, and whether the fault proxies the agent was told about answer.
 */
final class CapabilityProbe {
  /** Bit number of CAP_NET_ADMIN in the capability masks. */
  private static final int CAP_NET_ADMIN = 12;

  private CapabilityProbe() {}

  static Capabilities probe(FaultRegistry registry, List<URI> proxies) {
    boolean netAdmin = hasNetAdmin();
    boolean nft = onPath("nft");
    boolean tc = onPath("tc");
    List<String> usable = new ArrayList<>();
    Map<String, String> unavailable = new TreeMap<>();
    for (FaultType t : registry.types()) {
      String why = unavailableReason(t.name(), netAdmin, nft, tc);
      if (why == null) {
        usable.add(t.name());
      } else {
        unavailable.put(t.name(), why);
      }
    }
    return new Capabilities(usable, unavailable, isRoot(), jvms(), proxies(proxies));
  }

  private static String unavailableReason(String type, boolean netAdmin, boolean nft, boolean tc) {
    switch (type) {
      case "host-blackhole", "host-loss", "host-dns", "host-partition" -> {
        if (!netAdmin) {
          return "needs CAP_NET_ADMIN (run the agent as root)";
        }
        return nft ? null : "needs 'nft' (apt-get install nftables)";
      }
      case "host-bandwidth", "host-latency" -> {
        if (!netAdmin) {
          return "needs CAP_NET_ADMIN (run the agent as root)";
        }
        if (!tc) {
          return "needs 'tc' (apt-get install iproute2)";
        }
        if (type.equals("host-latency") && !netem()) {
          return "this kernel has no netem queueing discipline (sch_netem)";
        }
        return null;
      }
      default -> {
        return null;
      }
    }
  }

  private static boolean netem() {
    try {
      return dev.faultline.host.net.NetemSupport.available();
    } catch (NoClassDefFoundError e) {
      return false;
    }
  }

  static boolean isRoot() {
    for (String line : status().split("\n")) {
      if (line.startsWith("Uid:")) {
        String[] f = line.substring(4).strip().split("\\s+");
        return f.length > 1 && f[1].equals("0");
      }
    }
    return "root".equals(System.getProperty("user.name"));
  }

  private static boolean hasNetAdmin() {
    for (String line : status().split("\n")) {
      if (line.startsWith("CapEff:")) {
        return new BigInteger(line.substring(7).strip(), 16).testBit(CAP_NET_ADMIN);
      }
    }
    return false;
  }

  private static String status() {
    try {
      return Files.readString(Path.of("/proc/self/status"));
    } catch (IOException e) {
      return "";
    }
  }

  private static boolean onPath(String tool) {
    String path = System.getenv("PATH");
    for (String dir : (path == null ? "/usr/sbin:/usr/bin:/sbin:/bin" : path + ":/usr/sbin:/sbin").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
        return true;
      }
    }
    return false;
  }

  /** The JVMs here (not this agent): pid and the main class or jar from the command line. */
  static List<JvmInfo> jvms() {
    long self = ProcessHandle.current().pid();
    List<JvmInfo> out = new ArrayList<>();
    ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(p -> {
      ProcessHandle.Info info = p.info();
      String cmd = info.command().orElse("");
      if (cmd.endsWith("/java") && out.size() < 100) {
        out.add(new JvmInfo(p.pid(), mainOf(info.arguments().orElse(new String[0]))));
      }
    });
    return out;
  }

  private static String mainOf(String[] args) {
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path") || a.equals("-jar")) {
        if (a.equals("-jar") && i + 1 < args.length) {
          return args[i + 1];
        }
        i++;
      } else if (!a.startsWith("-")) {
        return a;
      }
    }
    return "";
  }

  private static List<ProxyInfo> proxies(List<URI> proxies) {
    if (proxies.isEmpty()) {
      return List.of();
    }
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    List<ProxyInfo> out = new ArrayList<>();
    for (URI u : proxies) {
      try {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(u.resolve("/version")).timeout(Duration.ofSeconds(2))
            .GET().build(), HttpResponse.BodyHandlers.ofString());
        String body = r.body().strip();
        out.add(new ProxyInfo(u.toString(), r.statusCode() == 200,
            "HTTP " + r.statusCode() + (body.isEmpty() ? "" : ": " + (body.length() > 100 ? body.substring(0, 100) : body))));
      } catch (IOException e) {
        out.add(new ProxyInfo(u.toString(), false, "unreachable: " + e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        out.add(new ProxyInfo(u.toString(), false, "interrupted"));
      }
    }
    return out;
  }

  /** This host's non-loopback addresses, IPv4 first. */
  static List<String> addresses() {
    List<String> v4 = new ArrayList<>();
    List<String> v6 = new ArrayList<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (!ni.isUp() || ni.isLoopback()) {
          continue;
        }
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (a.isLoopbackAddress() || a.isLinkLocalAddress()) {
            continue;
          }
          String s = a.getHostAddress();
          int pct = s.indexOf('%');
          (a instanceof Inet6Address ? v6 : v4).add(pct < 0 ? s : s.substring(0, pct));
        }
      }
    } catch (IOException e) {
      // No interfaces readable: report none rather than guess.
    }
    v4.addAll(v6);
    return v4;
  }

  static String hostname() {
    try {
      String h = Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
      if (!h.isEmpty()) {
        return h;
      }
    } catch (IOException e) {
      // fall through
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static Map<String, String> copy(Map<String, String> m) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(m));
  }
}
