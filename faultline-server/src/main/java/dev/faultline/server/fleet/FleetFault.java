package dev.faultline.server.fleet;

import dev.faultline.fleet.protocol.Message;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The server's view of one fault sent to an agent. States: {@code pending} (sent, no answer yet),
 * {@code applied}, {@code failed}, {@code unknown} (its agent disconnected while holding it: it
 * reverts by its lease unless the agent reconnects in time, and the agent says which on reconnect),
 * {@code reverted} (with the reason the agent gave, e.g. {@code lease expired}).
 */
public final class FleetFault {
  final String id;
  final String agent;
  final Message.Apply request;
  final long sentMs;
  final CompletableFuture<Message> applyAnswer = new CompletableFuture<>();
  final CompletableFuture<Message.Reverted> revertAnswer = new CompletableFuture<>();
  private String state = "pending";
  private String reason = "";
  private String error;
  private String description = "";
  private Long appliedMs;
  private Long endedMs;

  FleetFault(String agent, Message.Apply request) {
    this.id = request.faultId();
    this.agent = agent;
    this.request = request;
    this.sentMs = System.currentTimeMillis();
  }

  public String id() {
    return id;
  }

  public String agent() {
    return agent;
  }

  public synchronized String state() {
    return state;
  }

  public synchronized String reason() {
    return reason;
  }

  synchronized boolean active() {
    return state.equals("pending") || state.equals("applied") || state.equals("unknown");
  }

  synchronized boolean ended() {
    return state.equals("reverted") || state.equals("failed");
  }

  synchronized String description() {
    return description;
  }

  synchronized void applied(String description) {
    if (!ended()) {
      state = "applied";
      reason = "";
      this.description = description;
      appliedMs = appliedMs == null ? System.currentTimeMillis() : appliedMs;
    }
    applyAnswer.complete(new Message.Applied(id, description));
  }

  synchronized void failed(String error) {
    state = "failed";
    this.error = error;
    endedMs = System.currentTimeMillis();
    applyAnswer.complete(new Message.Failed(id, error));
    revertAnswer.complete(new Message.Reverted(id, "never applied: " + error, null));
  }

  synchronized void reverted(String reason, String error) {
    if (!ended()) {
      state = "reverted";
      this.reason = reason;
      this.error = error;
      endedMs = System.currentTimeMillis();
    }
    applyAnswer.complete(new Message.Failed(id, "reverted before it was confirmed applied: " + reason));
    revertAnswer.complete(new Message.Reverted(id, this.reason, this.error));
  }

  /** Its agent disconnected: nobody knows until the agent reports back. */
  synchronized void lost(String why) {
    if (active()) {
      state = "unknown";
      reason = why;
    }
  }

  /** The agent reconnected and says it still holds it. */
  synchronized void stillHeld() {
    if (state.equals("unknown")) {
      state = "applied";
      reason = "";
    }
  }

  /** The fault as the API shows it. */
  public synchronized Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("agent", agent);
    m.put("run_id", request.runId());
    m.put("activity", request.activity());
    m.put("fault", request.faultType());
    m.put("parameters", request.parameters());
    m.put("state", state);
    m.put("reason", reason.isEmpty() ? null : reason);
    m.put("error", error);
    m.put("description", description.isEmpty() ? null : description);
    m.put("lease_ms", request.leaseMs());
    m.put("sent", AgentRecord.iso(sentMs));
    m.put("applied", AgentRecord.iso(appliedMs));
    m.put("ended", AgentRecord.iso(endedMs));
    return m;
  }
}
