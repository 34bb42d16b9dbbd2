package dev.faultline.server.fleet;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.Fleet;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The core {@link Fleet} over the server's connected agents: each fault is a {@link RemoteFault}
 * that the engine applies, renews (its {@code LeaseRenewer}) and recovers like any other
 * self-expiring fault, over the agent's connection.
 *
 * <p>A fleet is either every agent (what a run of no team sees) or, from {@link #forTeam}, only the
 * agents of one team (connected with a token of that team): a run of that team can neither select
 * nor be sent to another's, nor to an agent of no team.
 */
public final class ServerFleet implements Fleet {
  /** How long apply and recover wait for the agent's answer. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

  private final AgentRegistry registry;
  private final BooleanSupplier halted;
  private final Set<String> serverAddresses;
  private final String serverHostname;
  /** The only team whose agents this fleet holds; null: every agent. */
  private final String team;

  /** @param halted whether chaos is halted (no fault is sent then) */
  public ServerFleet(AgentRegistry registry, BooleanSupplier halted) {
    this.registry = registry;
    this.halted = halted;
    this.team = null;
    this.serverAddresses = localAddresses();
    String h;
    try {
      // Not InetAddress.getLocalHost(): it resolves the name, which can hang for seconds without DNS.
      h = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (java.io.IOException e) {
      h = String.valueOf(System.getenv("HOSTNAME"));
    }
    this.serverHostname = h;
  }

  private ServerFleet(ServerFleet all, String team) {
    this.registry = all.registry;
    this.halted = all.halted;
    this.serverAddresses = all.serverAddresses;
    this.serverHostname = all.serverHostname;
    this.team = team;
  }

  /** The agents of {@code team} only (null: every agent, as this one). */
  public ServerFleet forTeam(String team) {
    return java.util.Objects.equals(team, this.team) ? this : new ServerFleet(this, team);
  }

  /** The team this fleet is limited to; null: every agent. */
  public String team() {
    return team;
  }

  private boolean mine(AgentRegistry.AgentRecordView a) {
    return team == null || team.equals(a.team());
  }

  @Override
  public List<Target> agents() {
    return registry.connected().stream().filter(this::mine).map(a -> new Target(a.name(), "agent", a.hello().tags()))
        .toList();
  }

  /**
   * Whether the agent shares a non-loopback address with this server (then it is this host, or
   * this host's network namespace); an agent reporting no address is judged by its host name.
   */
  @Override
  public boolean isServerHost(Target agent) {
    return registry.connectedAgent(agent.id()).map(AgentRegistry.AgentRecordView::hello).map(h -> {
      if (h.addresses().isEmpty()) {
        return h.hostname().equals(serverHostname);
      }
      return h.addresses().stream().anyMatch(serverAddresses::contains);
    }).orElse(false);
  }

  @Override
  public SelfExpiringFault fault(Target agent, RemoteFaultRequest request) throws FaultException {
    if (!"agent".equals(agent.kind())) {
      throw new FaultException("target '" + agent.id() + "' is a " + agent.kind() + ", not an agent");
    }
    var connected = registry.connectedAgent(agent.id());
    if (connected.isEmpty()) {
      throw new FaultException("agent '" + agent.id() + "' is not connected; connected agents" + (team == null ? ""
          : " of team '" + team + "'") + ": " + agents().stream().map(Target::id).toList());
    }
    if (!mine(connected.get())) {
      // Checked here too, not only by the selection: nothing of one team's run reaches another's host.
      String its = connected.get().team();
      throw new FaultException("agent '" + agent.id() + "' belongs to " + (its == null ? "no team" : "team '" + its + "'")
          + "; a run of team '" + team + "' aims only at agents connected with a token of team '" + team + "'");
    }
    return new RemoteFault(registry, agent.id(), request, halted);
  }

  private static Set<String> localAddresses() {
    Set<String> out = new HashSet<>();
    try {
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (!a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
            String s = a.getHostAddress();
            int pct = s.indexOf('%');
            out.add(pct < 0 ? s : s.substring(0, pct));
          }
        }
      }
    } catch (java.io.IOException e) {
      // none known: no agent is judged to be this host by address
    }
    return out;
  }
}
