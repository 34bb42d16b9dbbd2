package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.List;
import java.util.Map;

/**
 * {@code proxy-timeout}: a Toxiproxy proxy swallows data (Toxiproxy's {@code timeout} toxic); the
 * connection closes after a time without data, or never with 0. Removing the toxic closes the
 * connections it held.
 */
public final class ProxyTimeoutFaultType extends ToxicFaultType {
  static final long MAX_MS = 86_400_000;

  public ProxyTimeoutFaultType() {
    super("timeout");
  }

  @Override
  public String name() {
    return "proxy-timeout";
  }

  @Override
  public String summary() {
    return "Drops all data through a Toxiproxy proxy and closes the connection after a time (0: holds it open).";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(new FaultParameter("timeoutMs", "integer", true,
        "close the connection after this long without data, 0 to " + MAX_MS + " ms; 0 never closes it"));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long timeout = arguments.integer("timeoutMs", 0, MAX_MS);
    return new Attributes(Map.of("timeout", timeout), "timeout " + timeout + " ms");
  }
}
