package dev.faultline.fleet.protocol;

import java.util.List;
import java.util.Map;

/**
 * One message of the fleet protocol. On the wire every message is one JSON object (one WebSocket
 * text frame) with {@code "version"} and {@code "type"} plus the record's fields in snake_case;
 * {@link Protocol#encode} and {@link Protocol#decode} are the only way in and out. The types and
 * their direction are listed in docs/fleet-protocol.md.
 */
public sealed interface Message {

  /** The wire name of this message's type. */
  String type();

  // ---- agent -> server ----

  /**
   * The agent's first message after the WebSocket is open.
   *
   * @param name the agent's name, unique among connected agents
   * @param instanceId the agent installation's id (kept in its state file): a reconnect with the
   *     same name and id replaces a session the server still holds; another id is refused
   * @param hostname the host's name
   * @param addresses the host's non-loopback IP addresses
   * @param tags labels targets are chosen by
   * @param capabilities what this host can really do
   * @param faults what happened to the faults it held while it was not connected (or still holds)
   */
  record Hello(String name, String instanceId, String hostname, List<String> addresses, Map<String, String> tags,
      Capabilities capabilities, List<FaultReport> faults) implements Message {
    public Hello {
      Protocol.require(name, "name");
      Protocol.require(instanceId, "instance_id");
      if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
        throw new IllegalArgumentException("'name' must be 1 to 100 letters, digits, '.', '_' or '-', got '"
            + (name.length() > 100 ? name.substring(0, 100) + "…" : name) + "'");
      }
      hostname = hostname == null ? "" : hostname;
      addresses = addresses == null ? List.of() : List.copyOf(addresses);
      tags = tags == null ? Map.of() : Map.copyOf(tags);
      capabilities = capabilities == null ? Capabilities.NONE : capabilities;
      faults = faults == null ? List.of() : List.copyOf(faults);
    }

    @Override
    public String type() {
      return "hello";
    }
  }

  /** The fault was applied on the agent's host. */
  record Applied(String faultId, String description) implements Message {
    public Applied {
      Protocol.require(faultId, "fault_id");
      description = description == null ? "" : description;
    }

    @Override
    public String type() {
      return "applied";
    }
  }

  /** The fault could not be applied; nothing of it is left applied. */
  record Failed(String faultId, String error) implements Message {
    public Failed {
      Protocol.require(faultId, "fault_id");
      error = Protocol.text(error, "error");
    }

    @Override
    public String type() {
      return "failed";
    }
  }

  /**
   * The fault is gone from the host: reverted on request, by a halt, by its lease or length, or
   * after the agent restarted. {@code error} is non-null when the revert reported a problem.
   */
  record Reverted(String faultId, String reason, String error) implements Message {
    public Reverted {
      Protocol.require(faultId, "fault_id");
      reason = Protocol.text(reason, "reason");
      error = error == null ? null : Protocol.text(error, "error");
    }

    @Override
    public String type() {
      return "reverted";
    }
  }

  // ---- server -> agent ----

  /** The server accepted the agent's hello; it sends a heartbeat every {@code heartbeatMs}. */
  record Welcome(String serverId, long heartbeatMs) implements Message {
    public Welcome {
      Protocol.require(serverId, "server_id");
      if (heartbeatMs <= 0) {
        throw new IllegalArgumentException("heartbeat_ms must be positive, got " + heartbeatMs);
      }
    }

    @Override
    public String type() {
      return "welcome";
    }
  }

  /**
   * Apply a fault. It lives at most {@code leaseMs} past the last {@link Renew} (or the apply) and
   * at most {@code lengthMs} (null: no length) past the apply.
   */
  record Apply(String faultId, String runId, String activity, String faultType, Map<String, Object> parameters,
      long leaseMs, Long lengthMs) implements Message {
    public Apply {
      Protocol.require(faultId, "fault_id");
      Protocol.require(faultType, "fault_type");
      runId = runId == null ? "" : runId;
      activity = activity == null ? "" : activity;
      parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(parameters));
      if (leaseMs < Protocol.MIN_LEASE_MS) {
        throw new IllegalArgumentException("lease_ms must be at least " + Protocol.MIN_LEASE_MS + ", got " + leaseMs);
      }
      if (lengthMs != null && lengthMs <= 0) {
        throw new IllegalArgumentException("length_ms must be positive, got " + lengthMs);
      }
    }

    @Override
    public String type() {
      return "apply";
    }
  }

  /** Extend the leases of these faults by {@code leaseMs} from now. */
  record Renew(List<String> faultIds, long leaseMs) implements Message {
    public Renew {
      faultIds = faultIds == null ? List.of() : List.copyOf(faultIds);
      if (leaseMs < Protocol.MIN_LEASE_MS) {
        throw new IllegalArgumentException("lease_ms must be at least " + Protocol.MIN_LEASE_MS + ", got " + leaseMs);
      }
    }

    @Override
    public String type() {
      return "renew";
    }
  }

  /** Revert one fault. */
  record Revert(String faultId, String reason) implements Message {
    public Revert {
      Protocol.require(faultId, "fault_id");
      reason = reason == null ? "reverted by the server" : reason;
    }

    @Override
    public String type() {
      return "revert";
    }
  }

  /** Chaos is halted: revert every fault held, and report each. */
  record Halt(String reason) implements Message {
    public Halt {
      reason = reason == null ? "halted" : reason;
    }

    @Override
    public String type() {
      return "halt";
    }
  }

  /** The server refuses something; it closes the connection after this when {@code fatal}. */
  record Error(String code, String message, boolean fatal) implements Message {
    public Error {
      Protocol.require(code, "code");
      message = Protocol.text(message, "message");
    }

    @Override
    public String type() {
      return "error";
    }
  }

  // ---- both ways ----

  /** Liveness: the server sends one every heartbeat; an agent answers each with one. */
  record Heartbeat(long atMs) implements Message {
    @Override
    public String type() {
      return "heartbeat";
    }
  }

  // ---- parts ----

  /**
   * What the agent's host can really do, checked on that host.
   *
   * @param faultTypes the fault types the agent can apply here
   * @param unavailable fault types installed but not usable here, with the reason
   * @param root whether the agent runs as root
   * @param jvms JVMs on this host the agent could attach to
   * @param proxies fault proxies the agent was told about, and whether it reaches them
   */
  record Capabilities(List<String> faultTypes, Map<String, String> unavailable, boolean root, List<JvmInfo> jvms,
      List<ProxyInfo> proxies) {
    public static final Capabilities NONE = new Capabilities(List.of(), Map.of(), false, List.of(), List.of());

    public Capabilities {
      faultTypes = faultTypes == null ? List.of() : List.copyOf(faultTypes);
      unavailable = unavailable == null ? Map.of() : Map.copyOf(unavailable);
      jvms = jvms == null ? List.of() : List.copyOf(jvms);
      proxies = proxies == null ? List.of() : List.copyOf(proxies);
    }
  }

  /** A JVM on the agent's host: its pid and main class or jar. */
  record JvmInfo(long pid, String name) {}

  /** A fault proxy's API URL, whether the agent reached it, and what it answered. */
  record ProxyInfo(String url, boolean reachable, String detail) {}

  /**
   * A fault's state as the agent knows it, reported in {@link Hello}.
   *
   * @param state {@code applied} (still held) or {@code reverted}
   * @param reason why it was reverted, e.g. {@code lease expired}
   */
  record FaultReport(String faultId, String runId, String activity, String faultType, String state, String reason,
      long atMs) {
    public FaultReport {
      Protocol.require(faultId, "fault_id");
      Protocol.require(state, "state");
      reason = reason == null ? "" : Protocol.text(reason, "reason");
    }
  }
}
