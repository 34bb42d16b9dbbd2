package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code proxy-latency}: delays the data of a Toxiproxy proxy (Toxiproxy's {@code latency} toxic). */
public final class ProxyLatencyFaultType extends ToxicFaultType {
  static final long MAX_MS = 3_600_000;

  public ProxyLatencyFaultType() {
    super("latency");
  }

  @Override
  public String name() {
    return "proxy-latency";
  }

  @Override
  public String summary() {
    return "Delays every chunk of data through a Toxiproxy proxy by a latency, plus or minus a jitter.";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(
        new FaultParameter("latencyMs", "integer", true, "the delay added to data, 0 to " + MAX_MS + " ms"),
        new FaultParameter("jitterMs", "integer", false, "a random extra of up to ± this, 0 to " + MAX_MS + " ms; default 0"));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long latency = arguments.integer("latencyMs", 0, MAX_MS);
    long jitter = arguments.optionalInteger("jitterMs", 0, MAX_MS, 0);
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("latency", latency);
    values.put("jitter", jitter);
    return new Attributes(values, "latency " + latency + " ms, jitter " + jitter + " ms");
  }
}
