package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.create_toxic(for_proxy, toxic_name, toxic_type,
 * stream='downstream', toxicity=1.0, attributes=None)}: {@code POST /proxies/<for_proxy>/toxics}.
 * Returns whether Toxiproxy echoed the toxic's name; a refusal raises {@code TypeError}, as
 * chaostoxi does when it reads the name of its {@code None}.
 */
public final class ToxiCreateToxic extends SignatureStandIn {

  public ToxiCreateToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.create_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.required("toxic_type"), Parameter.optional("stream", "downstream"),
        Parameter.optional("toxicity", 1.0), Parameter.optional("attributes", null), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Adds a toxic of any type to a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Object type = arguments.get("toxic_type");
    return ChaosToxi.createToxic(arguments.get("for_proxy"), arguments.get("toxic_name"),
        type instanceof String s ? s : String.valueOf(type), arguments.get("stream"), arguments.get("toxicity"),
        arguments.get("attributes"), context);
  }
}
