package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_bandwith_degradation_toxic(for_proxy, toxic_name, rate)}: a {@code bandwidth}
 * toxic that limits throughput to {@code rate} KB/s (the function name's spelling is chaostoxi's); downstream, toxicity 1.0. Returns what {@code create_toxic} returns.
 */
public final class ToxiCreateBandwithDegradationToxic extends SignatureStandIn {

  public ToxiCreateBandwithDegradationToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_bandwith_degradation_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("rate"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a downstream bandwidth toxic (KB/s) to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("rate", arguments.get("rate"));
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"), "bandwidth", "downstream", 1.0,
        attributes, context);
  }
}
