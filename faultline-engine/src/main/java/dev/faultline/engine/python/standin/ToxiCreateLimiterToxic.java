package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_limiter_toxic(for_proxy, toxic_name, bytes_limit)}: a {@code limit_data}
 * toxic that closes each connection after {@code bytes_limit} bytes; downstream, toxicity 1.0. Returns what {@code create_toxic} returns.
 */
public final class ToxiCreateLimiterToxic extends SignatureStandIn {

  public ToxiCreateLimiterToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_limiter_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("bytes_limit"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a downstream limit_data toxic to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> attributes = new LinkedHashMap<>();
    attributes.put("bytes", arguments.get("bytes_limit"));
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"), "limit_data", "downstream", 1.0,
        attributes, context);
  }
}
