package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.engine.fault.NoLeaseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates a Toxiproxy proxy for the experiment and deletes it on recovery, so toxics added after
 * it have somewhere to go. It never deletes a proxy it did not create: if the name is taken,
 * apply fails and recovery does nothing. When the create gets no answer (a timeout, a dropped
 * connection) and the name was free just before, it asks whether the proxy now exists as requested,
 * and if so counts it as created.
 *
 * <p>Applied with a lease ({@link #apply(FaultExpiry)}), the proxy carries Faultline's lease
 * headers ({@link ToxiproxyLease}): Faultline's proxy deletes it, and its toxics with it, when the
 * renewals stop or its length passes.
 */
public final class ProxyCreateFault implements SelfExpiringFault {
  private final ToxiproxyClient client;
  private final String proxy;
  private final String listen;
  private final String upstream;
  private final AtomicBoolean created = new AtomicBoolean();
  private volatile FaultExpiry expiry = FaultExpiry.NEVER;

  /**
   * @param listen {@code host:port} the proxy listens on
   * @param upstream {@code host:port} it forwards to
   */
  public ProxyCreateFault(ToxiproxyClient client, String proxy, String listen, String upstream) {
    this.client = client;
    this.proxy = proxy;
    this.listen = listen;
    this.upstream = upstream;
  }

  /** The proxy this fault creates. */
  public String proxy() {
    return proxy;
  }

  /** The API the proxy is created through. */
  public String apiUrl() {
    return client.apiUrl();
  }

  @Override
  public void apply(FaultExpiry expiry) throws FaultException {
    this.expiry = expiry;
    // Known before the create, so a lost answer is never mistaken for a proxy someone else made.
    boolean takenBefore = true;
    try {
      takenBefore = client.findProxy(proxy).isPresent();
      client.createProxy(proxy, listen, upstream, true, ToxiproxyLease.headers(expiry));
      created.set(true);
    } catch (ToxiproxyException e) {
      if (e.status() == 0 && !takenBefore && existsAsRequested()) {
        // No answer, but the request got through: the proxy is ours, so recovery must delete it.
        created.set(true);
        return;
      }
      String hint = e.status() == 409
          ? "; proxy-create only removes proxies it created, so choose another name or delete the existing proxy first"
          : "";
      throw new FaultException("could not create proxy '" + proxy + "': " + e.getMessage() + hint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      if (!takenBefore && existsAsRequested()) {
        deleteAfterFailedApply();
      }
      throw new FaultException("interrupted while creating proxy '" + proxy + "'", e);
    }
  }

  /**
   * Whether a proxy with our name, upstream and listen address exists now. Asked after a create
   * that got no answer: the server may have created it and the reply been lost. A listen port of 0
   * matches any port, since Toxiproxy reports the one it bound.
   */
  private boolean existsAsRequested() {
    Optional<ToxiproxyProxy> found;
    try {
      found = RecoveryCall.run(() -> client.findProxy(proxy));
    } catch (ToxiproxyException e) {
      return false; // still no answer: nothing more can be learned
    }
    if (found.isEmpty() || !found.get().upstream().equals(upstream)) {
      return false;
    }
    int requestedPort = portOf(listen);
    return requestedPort == 0 || found.get().listenPort() == requestedPort;
  }

  private static int portOf(String hostPort) {
    try {
      return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    } catch (NumberFormatException e) {
      return -1; // matches no reported port
    }
  }

  private void deleteAfterFailedApply() {
    try {
      RecoveryCall.run(() -> client.deleteProxy(proxy));
    } catch (ToxiproxyException ignored) {
      // the server stopped answering; the failure reported by apply stands
    }
  }

  @Override
  public void recover() throws FaultException {
    if (!created.getAndSet(false)) {
      return;
    }
    try {
      RecoveryCall.run(() -> client.deleteProxy(proxy));
    } catch (ToxiproxyException e) {
      created.set(true);
      throw new FaultException("could not delete proxy '" + proxy + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void renew() throws FaultException {
    Duration lease = expiry.lease().orElseThrow(() -> new NoLeaseException("proxy '" + proxy
        + "' was created without a lease; there is nothing to renew"));
    if (!created.get()) {
      throw new NoLeaseException("proxy '" + proxy + "' is not applied (never created, or deleted already); "
          + "there is nothing to renew");
    }
    ToxiproxyLease.Outcome outcome;
    try {
      outcome = ToxiproxyLease.renew(client, proxy, Optional.empty(), ToxiproxyLease.renewalTimeout(lease));
    } catch (ToxiproxyException e) {
      throw new FaultException("could not renew the lease of proxy '" + proxy + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while renewing the lease of proxy '" + proxy + "'", e);
    }
    switch (outcome) {
      case RENEWED -> { }
      case GONE -> throw new NoLeaseException("proxy '" + proxy + "' is no longer at " + client.apiUrl()
          + ": its lease ran out before a renewal reached the proxy server, or someone deleted it");
      case NOT_SUPPORTED -> throw new NoLeaseException(ToxiproxyLease.notSupported(client));
      case NO_LEASE -> throw new NoLeaseException("proxy '" + proxy + "' at " + client.apiUrl()
          + " carries no lease (the server ignored it); it is deleted by the run only");
      default -> throw new IllegalStateException("unknown renewal outcome " + outcome);
    }
  }

  @Override
  public String describe() {
    return "created proxy '" + proxy + "' listening on " + listen + ", forwarding to " + upstream + ", at " + client.apiUrl();
  }

  @Override
  public String describeRecovery() {
    return "deleted proxy '" + proxy + "' (listening on " + listen + ", forwarding to " + upstream + ") at "
        + client.apiUrl();
  }
}
