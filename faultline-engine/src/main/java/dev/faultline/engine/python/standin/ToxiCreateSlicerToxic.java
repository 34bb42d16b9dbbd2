package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_slicer_toxic(for_proxy, toxic_name, average_size, size_variation, delay)}: a {@code slicer}
 * toxic that cuts data into pieces of about {@code average_size} bytes, {@code delay} µs apart; downstream, toxicity 1.0. Returns what {@code create_toxic} returns.
 */
public final class ToxiCreateSlicerToxic extends SignatureStandIn {

  public ToxiCreateSlicerToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_slicer_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("average_size"), Parameter.required("size_variation"), Parameter.required("delay"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a downstream slicer toxic to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("average_size", arguments.get("average_size"));
    attributes.put("size_variation", arguments.get("size_variation"));
    attributes.put("delay", arguments.get("delay"));
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"), "slicer", "downstream", 1.0,
        attributes, context);
  }
}
