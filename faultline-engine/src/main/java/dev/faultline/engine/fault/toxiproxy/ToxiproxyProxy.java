package dev.faultline.engine.fault.toxiproxy;

import java.util.List;

/**
 * A proxy as Toxiproxy's API shows it.
 *
 * @param name the proxy's name
 * @param listen the address it listens on, resolved once bound ({@code 127.0.0.1:26379})
 * @param upstream where it forwards to ({@code localhost:6379})
 * @param enabled whether it accepts connections
 * @param toxics its toxics, upstream ones first
 */
public record ToxiproxyProxy(String name, String listen, String upstream, boolean enabled, List<ToxiproxyToxic> toxics) {
  public ToxiproxyProxy {
    toxics = List.copyOf(toxics);
  }

  /** The port part of {@link #listen}, or -1 when it has none. */
  public int listenPort() {
    int colon = listen.lastIndexOf(':');
    try {
      return colon < 0 ? -1 : Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
