package dev.faultline.fleet.agent;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Message.Apply;
import dev.faultline.fleet.protocol.Message.FaultReport;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The faults an agent holds, each with its lease deadline, and the reports of faults that ended
 * (kept until a server has been told in a hello). Every change is written to the {@link
 * AgentStateFile} before it is acknowledged, so a restarted agent knows what it held.
 */
final class HeldFaults {
  /** How many ended faults are remembered for the next hello. */
  static final int MAX_REPORTS = 1000;

  private final FaultRegistry registry;
  private final Map<String, String> unavailable;
  private final AgentStateFile stateFile;
  private final Consumer<String> log;
  private final Map<String, Entry> held = new LinkedHashMap<>();
  private final Deque<FaultReport> reports = new ArrayDeque<>();

  /** One held fault: the request, the live fault, its deadlines (epoch ms). */
  static final class Entry {
    final Apply request;
    final Fault fault;
    final long appliedMs;
    volatile long leaseDeadlineMs;
    final long lengthDeadlineMs;

    Entry(Apply request, Fault fault, long appliedMs) {
      this.request = request;
      this.fault = fault;
      this.appliedMs = appliedMs;
      this.leaseDeadlineMs = appliedMs + request.leaseMs();
      this.lengthDeadlineMs = request.lengthMs() == null ? Long.MAX_VALUE : appliedMs + request.lengthMs();
    }
  }

  HeldFaults(FaultRegistry registry, Map<String, String> unavailable, AgentStateFile stateFile, Consumer<String> log) {
    this.registry = registry;
    this.unavailable = unavailable;
    this.stateFile = stateFile;
    this.log = log;
  }

  /** Reports left by a previous agent process (its state file), added to the next hello. */
  synchronized void restore(List<FaultReport> previous) {
    previous.forEach(this::remember);
    persist();
  }

  /** Applies {@code request}; answers {@code applied} or {@code failed} (nothing left applied then). */
  Message apply(Apply request) {
    synchronized (this) {
      if (held.containsKey(request.faultId())) {
        return new Message.Applied(request.faultId(), held.get(request.faultId()).fault.describe());
      }
    }
    Optional<FaultType> type = registry.find(request.faultType());
    if (type.isEmpty()) {
      return new Message.Failed(request.faultId(), "fault type '" + request.faultType()
          + "' is not installed on this agent; it has: " + registry.types().stream().map(FaultType::name).toList());
    }
    String why = unavailable.get(request.faultType());
    if (why != null) {
      return new Message.Failed(request.faultId(), request.faultType() + " cannot run on this host: " + why
          + ". Nothing was applied.");
    }
    Fault fault;
    try {
      fault = type.get().create(new FaultArguments(request.faultType(), request.parameters()));
    } catch (InvalidFaultArgumentsException e) {
      return new Message.Failed(request.faultId(), e.getMessage());
    } catch (RuntimeException e) {
      return new Message.Failed(request.faultId(), "invalid parameters: " + e);
    }
    long now = System.currentTimeMillis();
    Entry entry = new Entry(request, fault, now);
    synchronized (this) {
      // Written before the fault takes effect: a crash from here on is reported by the next start.
      held.put(request.faultId(), entry);
      persist();
    }
    try {
      if (fault instanceof SelfExpiringFault self) {
        Duration lease = Duration.ofMillis(Math.max(request.leaseMs(), FaultExpiry.MIN_LEASE.toMillis()));
        self.apply(FaultExpiry.leased(lease, Optional.ofNullable(request.lengthMs()).map(Duration::ofMillis)));
      } else {
        fault.apply();
      }
    } catch (FaultException | RuntimeException e) {
      synchronized (this) {
        held.remove(request.faultId());
        persist();
      }
      return new Message.Failed(request.faultId(), e.getMessage() == null ? e.toString() : e.getMessage());
    }
    log.accept("applied " + request.faultType() + " " + request.faultId() + " (" + fault.describe() + "), lease "
        + request.leaseMs() + " ms");
    return new Message.Applied(request.faultId(), fault.describe());
  }

  /** Extends leases; answers {@code reverted} for the ids this agent does not hold. */
  List<Message> renew(List<String> faultIds, long leaseMs) {
    List<Message> gone = new ArrayList<>();
    long now = System.currentTimeMillis();
    for (String id : faultIds) {
      Entry e;
      synchronized (this) {
        e = held.get(id);
      }
      if (e == null) {
        gone.add(new Message.Reverted(id, endedReason(id).orElse("not held by this agent"), null));
        continue;
      }
      e.leaseDeadlineMs = now + leaseMs;
      if (e.fault instanceof SelfExpiringFault self) {
        try {
          self.renew();
        } catch (FaultException ex) {
          gone.add(revert(id, "its injector dropped it: " + ex.getMessage()));
        }
      }
    }
    return gone;
  }

  /** Reverts one fault (idempotent: an unknown id answers with what is known of it). */
  Message.Reverted revert(String faultId, String reason) {
    Entry e;
    synchronized (this) {
      e = held.get(faultId);
    }
    if (e == null) {
      return new Message.Reverted(faultId, endedReason(faultId).orElse("not held by this agent"), null);
    }
    String error = null;
    try {
      e.fault.recover();
    } catch (FaultException | RuntimeException ex) {
      error = ex.getMessage() == null ? ex.toString() : ex.getMessage();
    }
    synchronized (this) {
      if (held.remove(faultId) != null) {
        remember(new FaultReport(faultId, e.request.runId(), e.request.activity(), e.request.faultType(), "reverted",
            reason, System.currentTimeMillis()));
        persist();
      }
    }
    log.accept("reverted " + e.request.faultType() + " " + faultId + ": " + reason + (error == null ? "" : " (" + error + ")"));
    return new Message.Reverted(faultId, reason, error);
  }

  /** Reverts every held fault. */
  List<Message.Reverted> revertAll(String reason) {
    List<String> ids;
    synchronized (this) {
      ids = new ArrayList<>(held.keySet());
    }
    List<Message.Reverted> out = new ArrayList<>();
    for (String id : ids) {
      out.add(revert(id, reason));
    }
    return out;
  }

  /** Reverts what outlived its lease or length at {@code nowMs}. */
  List<Message.Reverted> expire(long nowMs) {
    List<Entry> due = new ArrayList<>();
    synchronized (this) {
      for (Entry e : held.values()) {
        if (nowMs >= e.leaseDeadlineMs || nowMs >= e.lengthDeadlineMs) {
          due.add(e);
        }
      }
    }
    List<Message.Reverted> out = new ArrayList<>();
    for (Entry e : due) {
      boolean lease = nowMs >= e.leaseDeadlineMs;
      out.add(revert(e.request.faultId(), lease ? "lease expired" : "length ended"));
    }
    return out;
  }

  /** What the next hello reports: the faults still held, then the ended ones remembered. */
  synchronized List<FaultReport> reports() {
    List<FaultReport> out = new ArrayList<>();
    for (Entry e : held.values()) {
      out.add(new FaultReport(e.request.faultId(), e.request.runId(), e.request.activity(), e.request.faultType(),
          "applied", "", e.appliedMs));
    }
    out.addAll(reports);
    return out;
  }

  /** A server welcomed a hello carrying {@code sent}: those ended faults need not be reported again. */
  synchronized void reported(List<FaultReport> sent) {
    for (FaultReport r : sent) {
      if (!"applied".equals(r.state())) {
        reports.removeIf(x -> x.faultId().equals(r.faultId()));
      }
    }
    persist();
  }

  synchronized int size() {
    return held.size();
  }

  synchronized List<Entry> entries() {
    return List.copyOf(held.values());
  }

  private Optional<String> endedReason(String faultId) {
    synchronized (this) {
      return reports.stream().filter(r -> r.faultId().equals(faultId)).map(FaultReport::reason).findFirst();
    }
  }

  private void remember(FaultReport r) {
    reports.removeIf(x -> x.faultId().equals(r.faultId()));
    reports.addLast(r);
    while (reports.size() > MAX_REPORTS) {
      reports.removeFirst();
    }
  }

  private void persist() {
    List<AgentStateFile.HeldRecord> records = new ArrayList<>();
    for (Entry e : held.values()) {
      records.add(new AgentStateFile.HeldRecord(e.request, e.appliedMs));
    }
    stateFile.write(records, new ArrayList<>(reports));
  }
}
