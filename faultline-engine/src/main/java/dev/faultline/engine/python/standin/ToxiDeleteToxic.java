package dev.faultline.engine.python.standin;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import dev.faultline.engine.python.PythonText;
import java.util.Map;

/**
 * {@code chaostoxi.toxic.actions.delete_toxic(for_proxy, toxic_name)}:
 * {@code DELETE /proxies/<for_proxy>/toxics/<toxic_name>}. Returns whether Toxiproxy removed it.
 */
public final class ToxiDeleteToxic extends SignatureStandIn {

  public ToxiDeleteToxic() {
    super(PythonSignature.of("chaostoxi.toxic.actions.delete_toxic", Parameter.required("for_proxy"),
        Parameter.required("toxic_name"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Removes a toxic from a Toxiproxy proxy → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    String path = ChaosToxi.proxyPath(arguments.get("for_proxy")) + "/toxics/"
        + ToxiproxyClient.segment(PythonText.str(arguments.get("toxic_name")));
    return ChaosToxi.send(context, "DELETE", path, null).ok();
  }
}
