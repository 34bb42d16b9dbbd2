package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.List;
import java.util.Map;

/**
 * {@code proxy-reset-peer}: a Toxiproxy proxy resets connections (TCP RST) when data arrives
 * (Toxiproxy's {@code reset_peer} toxic). Only connections opened while it exists get an RST.
 */
public final class ProxyResetPeerFaultType extends ToxicFaultType {
  public ProxyResetPeerFaultType() {
    super("reset_peer");
  }

  @Override
  public String name() {
    return "proxy-reset-peer";
  }

  @Override
  public String summary() {
    return "Resets connections through a Toxiproxy proxy (TCP RST) once data arrives, after a delay.";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(new FaultParameter("timeoutMs", "integer", true,
        "wait this long after the first data before the reset, 0 to " + ProxyTimeoutFaultType.MAX_MS + " ms"));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long timeout = arguments.integer("timeoutMs", 0, ProxyTimeoutFaultType.MAX_MS);
    return new Attributes(Map.of("timeout", timeout), "reset after " + timeout + " ms");
  }
}
