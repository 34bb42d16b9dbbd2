package dev.faultline.server.fleet;

import dev.faultline.fleet.protocol.Message;
import dev.faultline.server.api.Times;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the server knows of one agent name: its last hello, whether it is connected, its faults. */
final class AgentRecord {
  /** Ended faults kept per agent for the API. */
  static final int RECENT_ENDED = 50;

  final String name;
  volatile Message.Hello hello;
  volatile String tokenId;
  /** The team of the token it connected with (null: no team; seen by runs and tokens of every team only). */
  volatile String team;
  volatile String remote = "";
  volatile boolean connected;
  volatile AgentSession session;
  volatile long connectedSinceMs;
  volatile long lastSeenMs;
  private final Map<String, FleetFault> active = new LinkedHashMap<>();
  private final Deque<FleetFault> ended = new ArrayDeque<>();

  AgentRecord(String name) {
    this.name = name;
  }

  synchronized void add(FleetFault f) {
    active.put(f.id, f);
  }

  /** Moves ended faults out of the active set; returns the faults dropped from memory. */
  synchronized List<FleetFault> settle() {
    List<FleetFault> dropped = new ArrayList<>();
    var it = active.values().iterator();
    while (it.hasNext()) {
      FleetFault f = it.next();
      if (f.ended()) {
        it.remove();
        ended.addFirst(f);
      }
    }
    while (ended.size() > RECENT_ENDED) {
      dropped.add(ended.removeLast());
    }
    return dropped;
  }

  synchronized List<FleetFault> active() {
    return List.copyOf(active.values());
  }

  synchronized List<FleetFault> recent() {
    return List.copyOf(ended);
  }

  Map<String, Object> toJson(boolean withRecent) {
    Message.Hello h = hello;
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("hostname", h == null ? null : h.hostname());
    m.put("addresses", h == null ? List.of() : h.addresses());
    m.put("tags", h == null ? Map.of() : h.tags());
    m.put("connected", connected);
    m.put("connected_since", connected ? iso(connectedSinceMs) : null);
    m.put("last_seen", iso(lastSeenMs));
    m.put("remote_address", remote);
    m.put("token_id", tokenId);
    m.put("team", team);
    Map<String, Object> caps = new LinkedHashMap<>();
    if (h != null) {
      Message.Capabilities c = h.capabilities();
      caps.put("fault_types", c.faultTypes());
      caps.put("unavailable", c.unavailable());
      caps.put("root", c.root());
      caps.put("jvms", c.jvms().stream().map(j -> Map.of("pid", j.pid(), "name", j.name())).toList());
      caps.put("proxies", c.proxies().stream().map(p -> {
        Map<String, Object> pm = new LinkedHashMap<>();
        pm.put("url", p.url());
        pm.put("reachable", p.reachable());
        pm.put("detail", p.detail());
        return pm;
      }).toList());
    }
    m.put("capabilities", caps);
    m.put("active_faults", active().stream().map(FleetFault::toJson).toList());
    if (withRecent) {
      m.put("recent_faults", recent().stream().map(FleetFault::toJson).toList());
    }
    return m;
  }

  static String iso(Long epochMs) {
    return epochMs == null || epochMs == 0 ? null : Times.iso(epochMs); // 0: never
  }
}
