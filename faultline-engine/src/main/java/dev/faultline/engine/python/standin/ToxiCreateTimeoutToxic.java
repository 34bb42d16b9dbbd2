package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_timeout_toxic(for_proxy, toxic_name, timeout)}: a {@code timeout}
 * toxic that swallows data and closes the connection after {@code timeout} ms (0: never); downstream, toxicity 1.0. Returns what {@code create_toxic} returns.
 */
public final class ToxiCreateTimeoutToxic extends SignatureStandIn {

  public ToxiCreateTimeoutToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_timeout_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("timeout"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a downstream timeout toxic (ms) to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("timeout", arguments.get("timeout"));
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"), "timeout", "downstream", 1.0,
        attributes, context);
  }
}
