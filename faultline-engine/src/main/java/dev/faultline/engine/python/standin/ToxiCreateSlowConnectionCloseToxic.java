package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_slow_connection_close_toxic(for_proxy, toxic_name, delay)}: a {@code slow_close}
 * toxic that delays the close of connections by {@code delay} ms; downstream, toxicity 1.0. Returns what {@code create_toxic} returns.
 */
public final class ToxiCreateSlowConnectionCloseToxic extends SignatureStandIn {

  public ToxiCreateSlowConnectionCloseToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_slow_connection_close_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("delay"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a downstream slow_close toxic (ms) to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("delay", arguments.get("delay"));
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"), "slow_close", "downstream", 1.0,
        attributes, context);
  }
}
