package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Disables a Toxiproxy proxy: it stops listening and drops its connections, as if the service
 * behind it were down. Recovery enables it again, but only if this fault disabled it: a proxy
 * that was already disabled stays as it was found.
 *
 * <p>Not a {@link dev.faultline.core.fault.SelfExpiringFault}: the proxy's lease removes toxics
 * and proxies, and expiring a disable means enabling the proxy again, which the lease API does
 * not offer. A run killed with SIGKILL leaves the proxy disabled.
 */
public final class ProxyDisableFault implements Fault {
  private final ToxiproxyClient client;
  private final String proxy;
  private final AtomicBoolean disabledByUs = new AtomicBoolean();

  public ProxyDisableFault(ToxiproxyClient client, String proxy) {
    this.client = client;
    this.proxy = proxy;
  }

  @Override
  public void apply() throws FaultException {
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
      client.disable(proxy);
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
  public String describe() {
    return "disabled proxy '" + proxy + "' at " + client.apiUrl();
  }

  @Override
  public String describeRecovery() {
    return "enabled proxy '" + proxy + "' again at " + client.apiUrl();
  }
}
