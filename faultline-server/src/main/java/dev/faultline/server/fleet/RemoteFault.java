package dev.faultline.server.fleet;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.fleet.protocol.Message;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * A fault applied on an agent. The agent enforces the lease: if renewals stop reaching it (the
 * run ended badly, the server died, the link was cut), it reverts the fault by itself.
 */
final class RemoteFault implements SelfExpiringFault {
  /** The agent's reason when a fault's length (its activity's {@code duration}) ended it (HeldFaults). */
  static final String LENGTH_ENDED = "length ended";
  private final AgentRegistry registry;
  private final String agent;
  private final RemoteFaultRequest request;
  private final BooleanSupplier halted;
  private final String id = newId();
  private volatile FleetFault sent;
  private volatile long leaseMs;

  RemoteFault(AgentRegistry registry, String agent, RemoteFaultRequest request, BooleanSupplier halted) {
    this.registry = registry;
    this.agent = agent;
    this.request = request;
    this.halted = halted;
  }

  /** The fault's id on the wire and in the API. */
  String id() {
    return id;
  }

  @Override
  public void apply(FaultExpiry expiry) throws FaultException {
    if (sent != null) {
      throw new FaultException(describe() + " was already applied");
    }
    if (halted.getAsBoolean()) {
      throw new FaultException("chaos is halted; " + request.faultType() + " was not sent to agent '" + agent + "'");
    }
    leaseMs = expiry.lease().orElse(FaultExpiry.DEFAULT_LEASE).toMillis();
    Long lengthMs = shortest(expiry.length().orElse(null), request.length());
    Message.Apply apply = new Message.Apply(id, request.runId(), request.activityName(), request.faultType(),
        request.parameters(), leaseMs, lengthMs);
    FleetFault f;
    try {
      f = registry.send(agent, apply);
    } catch (AgentRegistry.NotConnectedException e) {
      throw new FaultException(e.getMessage() + "; " + request.faultType() + " was not applied");
    }
    sent = f;
    Message answer;
    try {
      answer = f.applyAnswer.get(ServerFleet.ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      // Maybe applied, maybe not: tell it to revert, and the lease reverts it if that is lost too.
      registry.sendTo(agent, new Message.Revert(id, "the server gave up waiting for the apply"));
      throw new FaultException("agent '" + agent + "' did not answer within " + ServerFleet.ANSWER_TIMEOUT.toSeconds()
          + " s whether it applied " + request.faultType() + "; told it to revert (its lease of " + leaseMs
          + " ms reverts it otherwise)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      registry.sendTo(agent, new Message.Revert(id, "the run was interrupted while applying"));
      throw new FaultException("interrupted while agent '" + agent + "' applied " + request.faultType()
          + "; told it to revert");
    } catch (ExecutionException e) {
      throw new FaultException("agent '" + agent + "': " + e.getCause());
    }
    if (answer instanceof Message.Failed failed) {
      throw new FaultException("agent '" + agent + "' could not apply " + request.faultType() + ": " + failed.error());
    }
  }

  @Override
  public void renew() throws FaultException {
    FleetFault f = sent;
    if (f == null) {
      return;
    }
    if (f.ended()) {
      if ("reverted".equals(f.state()) && LENGTH_ENDED.equals(f.reason())) {
        // Its length passed on the agent, which ended it as asked: nothing to renew, nothing wrong
        // (the run's own duration timer recovers it at about the same moment, a no-op now).
        return;
      }
      throw new FaultException(describe() + " is gone: " + f.state() + " (" + f.reason() + ")");
    }
    if (!registry.sendTo(agent, new Message.Renew(List.of(id), leaseMs))) {
      throw new FaultException("agent '" + agent + "' is not connected, so the lease of " + describe()
          + " cannot be renewed; the agent reverts it when the lease passes, unless it reconnects first");
    }
  }

  @Override
  public void recover() throws FaultException {
    FleetFault f = sent;
    if (f == null || f.ended()) {
      return;
    }
    if (!registry.sendTo(agent, new Message.Revert(id, "reverted by run " + request.runId()))) {
      throw new FaultException("agent '" + agent + "' is not connected: " + describe() + " is reverted by the agent "
          + "when its lease of " + leaseMs + " ms passes, and reported when the agent reconnects");
    }
    try {
      Message.Reverted r = f.revertAnswer.get(ServerFleet.ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      registry.settleAgent(agent);
      if (r.error() != null) {
        throw new FaultException("agent '" + agent + "' reverted " + request.faultType() + " with an error: " + r.error());
      }
    } catch (TimeoutException e) {
      throw new FaultException("agent '" + agent + "' did not confirm the revert of " + describe() + " within "
          + ServerFleet.ANSWER_TIMEOUT.toSeconds() + " s; its lease reverts it");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while waiting for agent '" + agent + "' to revert " + describe()
          + "; its lease reverts it");
    } catch (ExecutionException e) {
      throw new FaultException("agent '" + agent + "': " + e.getCause());
    }
  }

  @Override
  public String describe() {
    FleetFault f = sent;
    String d = f == null ? "" : f.description();
    return request.faultType() + " on agent '" + agent + "'" + (d.isEmpty() ? "" : ": " + d) + " [" + id + "]";
  }

  @Override
  public String describeRecovery() {
    return "reverted " + request.faultType() + " on agent '" + agent + "' [" + id + "]";
  }

  private static Long shortest(Duration a, Duration b) {
    if (a == null && b == null) {
      return null;
    }
    if (a == null) {
      return b.toMillis();
    }
    if (b == null) {
      return a.toMillis();
    }
    return Math.min(a.toMillis(), b.toMillis());
  }

  private static String newId() {
    byte[] b = new byte[8];
    ThreadLocalRandom.current().nextBytes(b);
    return "ff_" + HexFormat.of().formatHex(b);
  }
}
