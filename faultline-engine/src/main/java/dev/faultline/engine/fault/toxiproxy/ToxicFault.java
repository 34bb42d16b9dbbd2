package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.engine.fault.NoLeaseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adds one toxic to a Toxiproxy proxy and removes it on recovery. The toxic's name is unique
 * ({@code faultline-<type>-<random>}), so recovery removes exactly what this fault added and
 * never a toxic someone else configured. A toxic that is already gone counts as removed.
 *
 * <p>Applied with a lease ({@link #apply(FaultExpiry)}), the toxic carries Faultline's lease
 * headers ({@link ToxiproxyLease}): Faultline's proxy removes it by itself when the renewals stop
 * or its length passes. A stock Toxiproxy ignores them; the toxic then works as before, and the
 * first renewal says the server has no leases.
 */
public final class ToxicFault implements SelfExpiringFault {
  private final ToxiproxyClient client;
  private final String proxy;
  private final ToxiproxyToxic toxic;
  private final String summary;
  private final AtomicBoolean added = new AtomicBoolean();
  private volatile FaultExpiry expiry = FaultExpiry.NEVER;

  /**
   * @param summary the toxic's settings in words, for {@link #describe()}
   */
  public ToxicFault(ToxiproxyClient client, String proxy, ToxiproxyToxic toxic, String summary) {
    this.client = client;
    this.proxy = proxy;
    this.toxic = toxic;
    this.summary = summary;
  }

  /** The toxic this fault adds, with its unique name. */
  public ToxiproxyToxic toxic() {
    return toxic;
  }

  /** The proxy the toxic goes on. */
  public String proxy() {
    return proxy;
  }

  /** The API the toxic is added through. */
  public String apiUrl() {
    return client.apiUrl();
  }

  @Override
  public void apply(FaultExpiry expiry) throws FaultException {
    this.expiry = expiry;
    try {
      client.addToxic(proxy, toxic, ToxiproxyLease.headers(expiry));
      added.set(true);
    } catch (ToxiproxyException e) {
      if (e.status() == 0) {
        removeAfterFailedApply(); // no answer: the toxic may have been added all the same
      }
      throw new FaultException("could not add " + toxic.type() + " toxic '" + toxic.name() + "' to proxy '" + proxy
          + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      removeAfterFailedApply();
      throw new FaultException("interrupted while adding " + toxic.type() + " toxic '" + toxic.name()
          + "' to proxy '" + proxy + "'; nothing is left applied", e);
    }
  }

  @Override
  public void renew() throws FaultException {
    Duration lease = expiry.lease().orElseThrow(() -> new NoLeaseException(toxic.type() + " toxic '" + toxic.name()
        + "' was added without a lease; there is nothing to renew"));
    if (!added.get()) {
      throw new NoLeaseException(toxic.type() + " toxic '" + toxic.name() + "' is not applied (never added, or "
          + "removed already); there is nothing to renew");
    }
    ToxiproxyLease.Outcome outcome;
    try {
      outcome = ToxiproxyLease.renew(client, proxy, Optional.of(toxic.name()), ToxiproxyLease.renewalTimeout(lease));
    } catch (ToxiproxyException e) {
      throw new FaultException("could not renew the lease of " + toxic.type() + " toxic '" + toxic.name()
          + "' on proxy '" + proxy + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while renewing the lease of " + toxic.type() + " toxic '" + toxic.name()
          + "'", e);
    }
    switch (outcome) {
      case RENEWED -> { }
      case GONE -> throw new NoLeaseException(toxic.type() + " toxic '" + toxic.name() + "' is no longer on proxy '"
          + proxy + "' at " + client.apiUrl() + ": its lease ran out before a renewal reached the proxy, or someone "
          + "removed it; the fault is not in effect any more");
      case NOT_SUPPORTED -> throw new NoLeaseException(ToxiproxyLease.notSupported(client));
      case NO_LEASE -> throw new NoLeaseException(toxic.type() + " toxic '" + toxic.name() + "' on proxy '" + proxy
          + "' at " + client.apiUrl() + " carries no lease (the proxy ignored it); it is removed by the run only");
      default -> throw new IllegalStateException("unknown renewal outcome " + outcome);
    }
  }

  @Override
  public void recover() throws FaultException {
    if (!added.getAndSet(false)) {
      return;
    }
    try {
      RecoveryCall.run(() -> client.removeToxic(proxy, toxic.name()));
    } catch (ToxiproxyException e) {
      added.set(true); // still there: a later recovery may try again
      throw new FaultException("could not remove " + toxic.type() + " toxic '" + toxic.name() + "' from proxy '"
          + proxy + "': " + e.getMessage(), e);
    }
  }

  @Override
  public String describe() {
    return "added " + toxic.type() + " toxic '" + toxic.name() + "' (" + details() + ") to proxy '" + proxy + "' at "
        + client.apiUrl();
  }

  @Override
  public String describeRecovery() {
    return "removed " + toxic.type() + " toxic '" + toxic.name() + "' (" + details() + ") from proxy '" + proxy
        + "' at " + client.apiUrl();
  }

  private String details() {
    return summary + ", " + toxic.stream() + ", toxicity " + toxic.toxicity();
  }

  private void removeAfterFailedApply() {
    try {
      RecoveryCall.run(() -> client.removeToxic(proxy, toxic.name()));
    } catch (ToxiproxyException ignored) {
      // the server did not answer the add either; there is nothing more to try
    }
  }
}
