package dev.faultline.server.replica;

import dev.faultline.core.fault.Fault;
import dev.faultline.engine.fault.toxiproxy.ProxyCreateFault;
import dev.faultline.engine.fault.toxiproxy.ProxyDisableFault;
import dev.faultline.engine.fault.toxiproxy.ToxicFault;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyException;
import dev.faultline.server.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How to undo an applied fault from its database record alone, for a process that did not apply
 * it (another replica, or this server after a restart). A toxic's name is generated when it is
 * applied ({@code faultline-latency-1a2b…}), so rebuilding the fault from its parameters cannot
 * find it; the record keeps the name, the proxy and the API it was added through.
 */
public final class FaultUndo {
  private FaultUndo() {}

  /** The undo record of {@code fault} as JSON, or empty when the fault needs none (its recover works from parameters). */
  public static Optional<String> of(Fault fault) {
    Map<String, Object> m = new LinkedHashMap<>();
    if (fault instanceof ToxicFault t) {
      m.put("kind", "toxic");
      m.put("api_url", t.apiUrl());
      m.put("proxy", t.proxy());
      m.put("toxic", t.toxic().name());
    } else if (fault instanceof ProxyCreateFault p) {
      m.put("kind", "proxy");
      m.put("api_url", p.apiUrl());
      m.put("proxy", p.proxy());
    } else if (fault instanceof ProxyDisableFault d) {
      m.put("kind", "disable");
      m.put("api_url", d.apiUrl());
      m.put("proxy", d.proxy());
    } else {
      return Optional.empty();
    }
    return Optional.of(Json.write(m));
  }

  /**
   * Undoes what {@code undoJson} names; something already gone counts as undone.
   *
   * @return empty when undone, else why not
   */
  public static Optional<String> undo(String undoJson) {
    Object raw;
    try {
      raw = Json.read(undoJson);
    } catch (IllegalArgumentException e) {
      return Optional.of("its undo record is unreadable: " + e.getMessage());
    }
    if (!(raw instanceof Map<?, ?> m) || !(m.get("api_url") instanceof String api) || !(m.get("proxy") instanceof String proxy)) {
      return Optional.of("its undo record names no proxy: " + undoJson);
    }
    ToxiproxyClient client = ToxiproxyClient.withEnvironmentToken(api);
    try {
      switch (String.valueOf(m.get("kind"))) {
        case "toxic" -> client.removeToxic(proxy, String.valueOf(m.get("toxic")));
        case "proxy" -> client.deleteProxy(proxy);
        case "disable" -> {
          try {
            client.enable(proxy);
          } catch (ToxiproxyException e) {
            if (!e.notFound()) {
              throw e; // a deleted proxy has nothing left to enable
            }
          }
        }
        default -> {
          return Optional.of("its undo record has an unknown kind: " + undoJson);
        }
      }
      return Optional.empty();
    } catch (ToxiproxyException e) {
      return Optional.of("the proxy API " + api + " refused the undo: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.of("interrupted while undoing it through " + api);
    }
  }
}
