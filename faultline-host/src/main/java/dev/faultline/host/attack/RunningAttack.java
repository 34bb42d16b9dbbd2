package dev.faultline.host.attack;

import dev.faultline.core.fault.FaultException;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/** One attack started by {@link AttackRunner}: in effect until its length ends, it is stopped or halted. */
public final class RunningAttack {
  private final HostFault fault;
  private final String kind;
  private final Instant startedAt;
  private final Instant endsAt;
  private volatile ScheduledFuture<?> expiry;

  RunningAttack(HostFault fault, String kind, Instant startedAt, Instant endsAt) {
    this.fault = fault;
    this.kind = kind;
    this.startedAt = startedAt;
    this.endsAt = endsAt;
  }

  void expireWith(ScheduledFuture<?> expiry) {
    this.expiry = expiry;
  }

  public String id() {
    return fault.id();
  }

  /** The CLI kind, e.g. {@code cpu}. */
  public String kind() {
    return kind;
  }

  public String target() {
    return fault.target();
  }

  public Instant startedAt() {
    return startedAt;
  }

  public Instant endsAt() {
    return endsAt;
  }

  /** The fault itself (tests look at worker ids, helper pids). */
  public HostFault fault() {
    return fault;
  }

  /** Completes with why it ended: {@code length ended}, {@code halted}, a signal name... */
  public CompletableFuture<String> ended() {
    return fault.ended();
  }

  /**
   * Reverts now; idempotent.
   *
   * @throws FaultException when a revert step failed (the others still ran)
   */
  public void stop() throws FaultException {
    stop("stopped");
  }

  /** Reverts now, recording why; idempotent. */
  public void stop(String reason) throws FaultException {
    ScheduledFuture<?> e = expiry;
    if (e != null) {
      e.cancel(false);
    }
    fault.recover(reason);
  }
}
