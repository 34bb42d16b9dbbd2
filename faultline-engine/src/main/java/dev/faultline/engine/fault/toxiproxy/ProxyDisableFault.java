package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.engine.fault.NoLeaseException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Disables a Toxiproxy proxy: it stops listening and drops its connections, as if the service
 * behind it were down. Recovery enables it again, but only if this fault disabled it: a proxy
 * that was already disabled stays as it was found.
 *
 * <p>Applied with a lease ({@link #apply(FaultExpiry)}), the disable carries Faultline's lease
 * headers: Faultline's proxy enables the proxy again by itself when the renewals
 * ({@code POST /proxies/{proxy}/disable/lease}) stop or the fault's length passes.
 */
public final class ProxyDisableFault implements SelfExpiringFault {
  private final ToxiproxyClient client;
  private final String proxy;
  private final AtomicBoolean disabledByUs = new AtomicBoolean();
  private volatile FaultExpiry expiry = FaultExpiry.NEVER;

  public ProxyDisableFault(ToxiproxyClient client, String proxy) {
    this.client = client;
    this.proxy = proxy;
  }

  /** The proxy this fault disables. */
  public String proxy() {
    return proxy;
  }

  /** The API the proxy is disabled through. */
  public String apiUrl() {
    return client.apiUrl();
  }

  @Override
  public void apply(FaultExpiry expiry) throws FaultException {
    this.expiry = expiry;
    try {
      ToxiproxyProxy found = client.findProxy(proxy).orElseThrow(() -> new FaultException("there is no proxy '" + proxy
          + "' at " + client.apiUrl() + "; create it first (fault proxy-create, or the proxy's --config file)"));
      if (found.enabled()) {
        disableOrUndo();
        disabledByUs.set(true);
      }
    } catch (ToxiproxyException e) {
      throw new FaultException("could not disable proxy '" + proxy + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while disabling proxy '" + proxy + "'", e);
    }
  }

  /** Disables the proxy; when no answer came, enables it again, since it may have been disabled all the same. */
  private void disableOrUndo() throws ToxiproxyException, InterruptedException {
    try {
      client.disable(proxy, ToxiproxyLease.headers(expiry));
    } catch (ToxiproxyException | InterruptedException e) {
      if (!(e instanceof ToxiproxyException te) || te.status() == 0) {
        try {
          RecoveryCall.run(() -> client.enable(proxy));
        } catch (ToxiproxyException ignored) {
          // the server did not answer the disable either; there is nothing more to try
        }
      }
      throw e;
    }
  }

  @Override
  public void recover() throws FaultException {
    if (!disabledByUs.getAndSet(false)) {
      return;
    }
    try {
      RecoveryCall.run(() -> client.enable(proxy));
    } catch (ToxiproxyException e) {
      if (e.notFound()) {
        return; // the proxy was deleted meanwhile: nothing left to enable
      }
      disabledByUs.set(true);
      throw new FaultException("could not enable proxy '" + proxy + "' again: " + e.getMessage(), e);
    }
  }

  @Override
  public void renew() throws FaultException {
    Duration lease = expiry.lease().orElseThrow(() -> new NoLeaseException("proxy '" + proxy
        + "' was disabled without a lease; there is nothing to renew"));
    if (!disabledByUs.get()) {
      throw new NoLeaseException("proxy '" + proxy + "' was not disabled by this fault (it was disabled already, "
          + "or is enabled again); there is nothing to renew");
    }
    ToxiproxyLease.Outcome outcome;
    try {
      outcome = ToxiproxyLease.renewDisable(client, proxy, ToxiproxyLease.renewalTimeout(lease));
    } catch (ToxiproxyException e) {
      throw new FaultException("could not renew the disable lease of proxy '" + proxy + "': " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while renewing the disable lease of proxy '" + proxy + "'", e);
    }
    switch (outcome) {
      case RENEWED -> { }
      case GONE -> throw new NoLeaseException("proxy '" + proxy + "' at " + client.apiUrl() + " is no longer disabled"
          + " by this fault: its lease ran out before a renewal reached the proxy server, or someone enabled or"
          + " deleted it");
      case NOT_SUPPORTED -> throw new NoLeaseException(ToxiproxyLease.notSupported(client));
      default -> throw new IllegalStateException("unexpected renewal outcome " + outcome);
    }
  }

  @Override
  public String describe() {
    return "disabled proxy '" + proxy + "' at " + client.apiUrl();
  }

  @Override
  public String describeRecovery() {
    return "enabled proxy '" + proxy + "' again at " + client.apiUrl();
  }
}
