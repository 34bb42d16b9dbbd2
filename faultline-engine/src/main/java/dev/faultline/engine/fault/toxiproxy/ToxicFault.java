package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Adds one toxic to a Toxiproxy proxy and removes it on recovery. The toxic's name is unique
 * ({@code faultline-<type>-<random>}), so recovery removes exactly what this fault added and
 * never a toxic someone else configured. A toxic that is already gone counts as removed.
 */
public final class ToxicFault implements Fault {
  private final ToxiproxyClient client;
  private final String proxy;
  private final ToxiproxyToxic toxic;
  private final String summary;
  private final AtomicBoolean added = new AtomicBoolean();

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

  @Override
  public void apply() throws FaultException {
    try {
      client.addToxic(proxy, toxic);
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
    return "added " + toxic.type() + " toxic '" + toxic.name() + "' (" + summary + ", " + toxic.stream()
        + ", toxicity " + toxic.toxicity() + ") to proxy '" + proxy + "' at " + client.apiUrl();
  }

  private void removeAfterFailedApply() {
    try {
      RecoveryCall.run(() -> client.removeToxic(proxy, toxic.name()));
    } catch (ToxiproxyException ignored) {
      // the server did not answer the add either; there is nothing more to try
    }
  }
}
