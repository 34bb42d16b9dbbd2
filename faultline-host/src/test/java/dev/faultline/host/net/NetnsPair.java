package dev.faultline.host.net;

import dev.faultline.host.process.CommandResult;
import dev.faultline.host.process.Commands;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Two network namespaces the test creates, joined by a veth pair: side A (10.200.k.1, where
 * attacks are applied) and side B (10.200.k.2), each running the test servers. Traffic only ever
 * flows between these two namespaces; everything is deleted on close.
 */
public final class NetnsPair implements AutoCloseable {
  public final String a;
  public final String b;
  public final String ipA;
  public final String ipB;
  public final String vethA;
  private final List<Process> servers = new ArrayList<>();
  private final Path scripts;
  private final String python;

  public NetnsPair() throws IOException {
    int k = ThreadLocalRandom.current().nextInt(10, 250);
    String tag = Integer.toString((int) (ProcessHandle.current().pid() % 10000)) + k;
    a = "flt" + tag + "a";
    b = "flt" + tag + "b";
    vethA = "fv" + tag + "a";
    String vethB = "fv" + tag + "b";
    ipA = "10.200." + k + ".1";
    ipB = "10.200." + k + ".2";
    python = Commands.run("python3", "-c", "import sys; print(sys.executable)").stdout().strip();
    scripts = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "netns-");
    for (String s : List.of("servers.py", "probe.py")) {
      try (InputStream in = NetnsPair.class.getResourceAsStream(s)) {
        Files.write(scripts.resolve(s), in.readAllBytes());
      }
    }
    must("ip", "netns", "add", a);
    must("ip", "netns", "add", b);
    must("ip", "link", "add", vethA, "type", "veth", "peer", "name", vethB);
    must("ip", "link", "set", vethA, "netns", a);
    must("ip", "link", "set", vethB, "netns", b);
    must("ip", "-n", a, "addr", "add", ipA + "/24", "dev", vethA);
    must("ip", "-n", b, "addr", "add", ipB + "/24", "dev", vethB);
    for (String[] side : new String[][] {{a, vethA}, {b, vethB}}) {
      must("ip", "-n", side[0], "link", "set", side[1], "up");
      must("ip", "-n", side[0], "link", "set", "lo", "up");
    }
    startServers(a, ipA);
    startServers(b, ipB);
  }

  /** Whether this machine can make network namespaces (root, iproute2). */
  public static boolean supported() {
    return Commands.find("ip").isPresent() && Commands.find("nft").isPresent()
        && "root".equals(System.getProperty("user.name"));
  }

  public NetworkNamespace namespaceA() {
    return new NetworkNamespace(a);
  }

  /** A TCP round trip from {@code from} to {@code toIp}:7000 succeeds within 1 s. */
  public boolean tcp(String from, String toIp) {
    return probe(from, "tcp", toIp, "7000", "1").ok();
  }

  /** Datagrams echoed back out of {@code count} sent from A to B. */
  public int udpEchoes(int count) {
    return Integer.parseInt(probe(a, "udp", ipB, "7001", Integer.toString(count), "0.5").stdout().strip());
  }

  /** A real DNS query from A to the resolver in B: the answer, or null. */
  public String resolveFromA(String name) {
    CommandResult r = probe(a, "dns", ipB, name, "1");
    return r.ok() ? r.stdout().strip() : null;
  }

  /** Seconds to send {@code bytes} over TCP from A to B. */
  public double bulkSecondsFromA(long bytes) {
    return Double.parseDouble(probe(a, "bulk", ipB, "7000", Long.toString(bytes)).stdout().strip());
  }

  private CommandResult probe(String ns, String... args) {
    List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns, python, scripts.resolve("probe.py").toString()));
    cmd.addAll(List.of(args));
    return Commands.run(cmd, null);
  }

  private void startServers(String ns, String ip) throws IOException {
    Process p = new ProcessBuilder("ip", "netns", "exec", ns, python, scripts.resolve("servers.py").toString(), ip)
        .redirectErrorStream(true).start();
    servers.add(p);
    String line = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
    if (!"READY".equals(line)) {
      throw new IOException("test servers in " + ns + " did not start: " + line);
    }
  }

  private static void must(String... command) throws IOException {
    CommandResult r = Commands.run(command);
    if (!r.ok()) {
      throw new IOException(r.summary());
    }
  }

  @Override
  public void close() {
    servers.forEach(Process::destroyForcibly);
    Commands.run("ip", "netns", "delete", a);
    Commands.run("ip", "netns", "delete", b);
  }
}
