package dev.faultline.cli.fleet;

import dev.faultline.host.process.CommandResult;
import dev.faultline.host.process.Commands;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Network namespaces the fleet test makes: one for the server ({@code server}), one per agent
 * host, each joined to the server's by its own veth pair (server side 10.(201+i).k.1, agent side
 * 10.(201+i).k.2), and one veth from the root namespace to the server's (root 10.201.k.1, server
 * 10.201.k.2) for the test's own API calls. No traffic leaves these namespaces; all is deleted on close.
 */
final class FleetNet implements AutoCloseable {
  final String server;
  final List<String> agents = new ArrayList<>();
  final String serverIpFromRoot;
  final List<String> serverIpFromAgent = new ArrayList<>();
  private final String rootVeth;

  FleetNet(int agentCount) throws IOException {
    int k = ThreadLocalRandom.current().nextInt(10, 250);
    String tag = Integer.toString((int) (ProcessHandle.current().pid() % 1000)) + k;
    server = "fls" + tag;
    rootVeth = "fqr" + tag;
    must("ip", "netns", "add", server);
    must("ip", "-n", server, "link", "set", "lo", "up");
    must("ip", "link", "add", rootVeth, "type", "veth", "peer", "name", "fqs" + tag);
    must("ip", "link", "set", "fqs" + tag, "netns", server);
    must("ip", "addr", "add", "10.201." + k + ".1/24", "dev", rootVeth);
    must("ip", "link", "set", rootVeth, "up");
    must("ip", "-n", server, "addr", "add", "10.201." + k + ".2/24", "dev", "fqs" + tag);
    must("ip", "-n", server, "link", "set", "fqs" + tag, "up");
    serverIpFromRoot = "10.201." + k + ".2";
    for (int i = 1; i <= agentCount; i++) {
      String ns = "fla" + tag + i;
      String sv = "fq" + tag + "s" + i;
      String av = "fq" + tag + "a" + i;
      must("ip", "netns", "add", ns);
      must("ip", "-n", ns, "link", "set", "lo", "up");
      must("ip", "link", "add", sv, "type", "veth", "peer", "name", av);
      must("ip", "link", "set", sv, "netns", server);
      must("ip", "link", "set", av, "netns", ns);
      String net = "10." + (201 + i) + "." + k + ".";
      must("ip", "-n", server, "addr", "add", net + "1/24", "dev", sv);
      must("ip", "-n", ns, "addr", "add", net + "2/24", "dev", av);
      must("ip", "-n", server, "link", "set", sv, "up");
      must("ip", "-n", ns, "link", "set", av, "up");
      agents.add(ns);
      serverIpFromAgent.add(net + "1");
    }
  }

  static boolean supported() {
    return Commands.find("ip").isPresent() && Commands.find("nft").isPresent()
        && "root".equals(System.getProperty("user.name"));
  }

  /** Drops every packet between agent {@code i} (0-based) and the server, in the agent's namespace. */
  void cut(int i) throws IOException {
    String ns = agents.get(i);
    must("ip", "netns", "exec", ns, "nft", "add table inet flttest; add chain inet flttest out { type filter hook output priority 0; } ; "
        + "add chain inet flttest in { type filter hook input priority 0; } ; "
        + "add rule inet flttest out ip daddr " + serverIpFromAgent.get(i) + " drop ; "
        + "add rule inet flttest in ip saddr " + serverIpFromAgent.get(i) + " drop");
  }

  void heal(int i) throws IOException {
    must("ip", "netns", "exec", agents.get(i), "nft", "delete table inet flttest");
  }

  /** Whether the host attacks' nftables table exists in agent {@code i}'s namespace (a blackhole is in effect). */
  boolean faultTable(int i) {
    return Commands.run(List.of("ip", "netns", "exec", agents.get(i), "nft", "list", "table", "inet", "faultline"), null).ok()
        && Commands.run(List.of("ip", "netns", "exec", agents.get(i), "nft", "list", "table", "inet", "faultline"), null)
            .stdout().contains("drop");
  }

  private static void must(String... command) throws IOException {
    CommandResult r = Commands.run(command);
    if (!r.ok()) {
      throw new IOException(r.summary());
    }
  }

  @Override
  public void close() {
    List<String> all = new ArrayList<>(agents);
    all.add(server);
    for (String ns : all) {
      // Whatever still runs in the namespace (agents, their guardians) goes with it.
      for (String pid : Commands.run("ip", "netns", "pids", ns).stdout().split("\\s+")) {
        if (!pid.isBlank()) {
          Commands.run("kill", "-9", pid.strip());
        }
      }
      Commands.run("ip", "netns", "delete", ns);
    }
    Commands.run("ip", "link", "delete", rootVeth);
  }
}
