package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Creates a Toxiproxy proxy for the experiment and deletes it on recovery, so toxics added after
 * it have somewhere to go. It never deletes a proxy it did not create: if the name is taken,
 * apply fails and recovery does nothing.
 */
public final class ProxyCreateFault implements Fault {
  private final ToxiproxyClient client;
  private final String proxy;
  private final String listen;
  private final String upstream;
  private final AtomicBoolean created = new AtomicBoolean();

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

  @Override
  public void apply() throws FaultException {
    try {
      client.createProxy(proxy, listen, upstream, true);
      created.set(true);
    } catch (ToxiproxyException e) {
      String hint = e.status() == 409
          ? "; proxy-create only removes proxies it created, so choose another name or delete the existing proxy first"
          : "";
      throw new FaultException("could not create proxy '" + proxy + "': " + e.getMessage() + hint, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new FaultException("interrupted while creating proxy '" + proxy + "'", e);
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
  public String describe() {
    return "created proxy '" + proxy + "' listening on " + listen + ", forwarding to " + upstream + ", at " + client.apiUrl();
  }
}
