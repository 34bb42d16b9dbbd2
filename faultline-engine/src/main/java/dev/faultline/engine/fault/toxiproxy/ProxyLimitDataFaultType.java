package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.List;
import java.util.Map;

/**
 * {@code proxy-limit-data}: a Toxiproxy proxy closes each connection once it has passed a number of
 * bytes (Toxiproxy's {@code limit_data} toxic).
 */
public final class ProxyLimitDataFaultType extends ToxicFaultType {
  /** The largest value Faultline's proxy accepts for a toxic attribute. */
  static final long MAX_BYTES = Long.MAX_VALUE / 1_000_000L;

  public ProxyLimitDataFaultType() {
    super("limit_data");
  }

  @Override
  public String name() {
    return "proxy-limit-data";
  }

  @Override
  public String summary() {
    return "Closes each connection through a Toxiproxy proxy once it has passed a number of bytes.";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(new FaultParameter("bytes", "integer", true,
        "bytes passed per connection and direction before it closes, 0 to " + MAX_BYTES));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long bytes = arguments.integer("bytes", 0, MAX_BYTES);
    return new Attributes(Map.of("bytes", bytes), "close after " + bytes + " bytes");
  }
}
