package dev.faultline.engine.target;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.Fleet;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyFixture;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyProxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fleet for tests whose agents apply REAL faults: each agent is a host with its own fault proxy
 * (a real Faultline proxy on loopback, proxy {@code edge} in front of an echo server), and a
 * remote fault is the registered fault type ({@code proxy-latency}, {@code proxy-disable}, …)
 * applied against that agent's proxy, as a real agent would apply it on its host. Effects are
 * checked through the proxies' own API and real traffic.
 */
final class ProxyFleet implements Fleet, AutoCloseable {
  static final String PROXY = "edge";
  private final List<Target> agents;
  private final Map<String, ToxiproxyFixture> hosts = new LinkedHashMap<>();
  private final Set<String> serverHost;
  /** Every fault request sent, with the agent it went to. */
  final List<String> sent = new CopyOnWriteArrayList<>();

  private ProxyFleet(List<Target> agents, Set<String> serverHost) {
    this.agents = List.copyOf(agents);
    this.serverHost = Set.copyOf(serverHost);
  }

  /** Starts one real proxy per agent. */
  static ProxyFleet start(List<Target> agents, Set<String> serverHost) throws Exception {
    ProxyFleet fleet = new ProxyFleet(agents, serverHost);
    try {
      for (Target agent : agents) {
        ToxiproxyFixture host = ToxiproxyFixture.start();
        fleet.hosts.put(agent.id(), host);
        host.freshEchoProxy(PROXY);
      }
    } catch (Exception e) {
      fleet.close();
      throw e;
    }
    return fleet;
  }

  /** Back to a clean state between tests: every agent's proxy fresh, nothing sent. */
  void reset() throws Exception {
    for (ToxiproxyFixture host : hosts.values()) {
      host.freshEchoProxy(PROXY);
    }
    sent.clear();
  }

  ToxiproxyFixture host(String agent) {
    return hosts.get(agent);
  }

  /** The agents whose proxy has a toxic, per the proxies' API. */
  List<String> withToxics() throws Exception {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ToxiproxyFixture> e : hosts.entrySet()) {
      if (!e.getValue().toxics(PROXY).isEmpty()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  /** The agents whose proxy is disabled, per the proxies' API. */
  List<String> disabled() throws Exception {
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, ToxiproxyFixture> e : hosts.entrySet()) {
      ToxiproxyProxy p = e.getValue().client().findProxy(PROXY).orElseThrow();
      if (!p.enabled()) {
        out.add(e.getKey());
      }
    }
    return out;
  }

  @Override
  public List<Target> agents() {
    return agents;
  }

  @Override
  public boolean isServerHost(Target agent) {
    return serverHost.contains(agent.id());
  }

  @Override
  public SelfExpiringFault fault(Target agent, RemoteFaultRequest request) throws FaultException {
    ToxiproxyFixture host = hosts.get(agent.id());
    if (host == null) {
      throw new FaultException("agent '" + agent.id() + "' is not connected");
    }
    FaultType type = FaultRegistry.installed().find(request.faultType())
        .orElseThrow(() -> new FaultException("agent '" + agent.id() + "' has no fault '" + request.faultType() + "'"));
    Map<String, Object> parameters = new HashMap<>(request.parameters());
    parameters.put("apiUrl", host.apiUrl()); // the agent's own proxy, as an agent uses its host's
    try {
      Fault fault = type.create(new FaultArguments(request.faultType(), parameters));
      sent.add(agent.id());
      return (SelfExpiringFault) fault;
    } catch (InvalidFaultArgumentsException e) {
      throw new FaultException(e.getMessage());
    }
  }

  @Override
  public void close() throws Exception {
    for (ToxiproxyFixture host : hosts.values()) {
      host.close();
    }
  }
}
