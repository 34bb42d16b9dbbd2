package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code proxy-slicer}: a Toxiproxy proxy cuts data into small pieces (Toxiproxy's {@code slicer} toxic). */
public final class ProxySlicerFaultType extends ToxicFaultType {
  static final long MAX_BYTES = 64L * 1024 * 1024;
  static final long MAX_DELAY_US = 60_000_000;

  public ProxySlicerFaultType() {
    super("slicer");
  }

  @Override
  public String name() {
    return "proxy-slicer";
  }

  @Override
  public String summary() {
    return "Cuts the data through a Toxiproxy proxy into small pieces sent with a delay between them.";
  }

  @Override
  List<FaultParameter> attributeParameters() {
    return List.of(
        new FaultParameter("averageSizeBytes", "integer", true, "the average piece size, 1 to " + MAX_BYTES + " bytes"),
        new FaultParameter("sizeVariationBytes", "integer", false,
            "how much a piece may differ from the average, 0 to " + MAX_BYTES + " bytes and less than averageSizeBytes;"
                + " default 0"),
        new FaultParameter("delayUs", "integer", false,
            "the pause between pieces, 0 to " + MAX_DELAY_US + " µs (microseconds); default 0"));
  }

  @Override
  Attributes readAttributes(FaultArguments arguments) {
    long average = arguments.integer("averageSizeBytes", 1, MAX_BYTES);
    long variation = arguments.optionalInteger("sizeVariationBytes", 0, MAX_BYTES, 0);
    long delay = arguments.optionalInteger("delayUs", 0, MAX_DELAY_US, 0);
    if (variation > 0 && variation >= average) {
      arguments.problem("sizeVariationBytes: " + variation + " must be less than averageSizeBytes (" + average + ")");
    }
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("average_size", average);
    values.put("size_variation", variation);
    values.put("delay", delay);
    return new Attributes(values, "pieces of " + average + " ± " + variation + " bytes, " + delay + " µs apart");
  }
}
