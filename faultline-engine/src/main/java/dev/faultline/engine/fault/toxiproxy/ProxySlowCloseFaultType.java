package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.List;
import java.util.Map;

/** {@code proxy-slow-close}: a Toxiproxy proxy delays closing connections (Toxiproxy's {@code slow_close} toxic). */
public final class ProxySlowCloseFaultType extends ToxicFaultType {
  public ProxySlowCloseFaultType() {
    super("slow_close");
  }

  @Override
  public String name() {
    return "proxy-slow-close";
  }

  @Override
  public String summary() {
    return "Delays the close of connections through a Toxiproxy proxy.";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(new FaultParameter("delayMs", "integer", true,
        "how long the close waits, 0 to " + ProxyLatencyFaultType.MAX_MS + " ms"));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long delay = arguments.integer("delayMs", 0, ProxyLatencyFaultType.MAX_MS);
    return new Attributes(Map.of("delay", delay), "close delayed " + delay + " ms");
  }
}
