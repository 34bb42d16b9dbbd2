package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.List;
import java.util.Map;

/** {@code proxy-bandwidth}: limits a Toxiproxy proxy's throughput (Toxiproxy's {@code bandwidth} toxic). */
public final class ProxyBandwidthFaultType extends ToxicFaultType {
  static final long MAX_KBPS = 100_000_000;

  public ProxyBandwidthFaultType() {
    super("bandwidth");
  }

  @Override
  public String name() {
    return "proxy-bandwidth";
  }

  @Override
  public String summary() {
    return "Limits the throughput of a Toxiproxy proxy; a rate of 0 holds all data until recovery.";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(new FaultParameter("rateKBps", "integer", true,
        "the rate in kilobytes (1000 bytes) per second, 0 to " + MAX_KBPS + "; 0 lets nothing through"));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long rate = arguments.integer("rateKBps", 0, MAX_KBPS);
    return new Attributes(Map.of("rate", rate), "rate " + rate + " KB/s");
  }
}
