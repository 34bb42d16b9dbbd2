package dev.faultline.engine.python.standin;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import dev.faultline.engine.python.PythonText;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.probes.get_proxy_attribute(proxy_name, attribute)}: one key of the proxy
 * as Toxiproxy shows it ({@code listen}, {@code upstream}, {@code enabled}, {@code toxics}…);
 * {@code None} when the proxy does not exist, {@code KeyError} for a key it does not have.
 */
public final class ToxiGetProxyAttribute extends SignatureStandIn {

  public ToxiGetProxyAttribute() {
    super(PythonSignature.of("chaostoxi.proxy.probes.get_proxy_attribute", Parameter.required("proxy_name"),
        Parameter.required("attribute"), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "One attribute of a Toxiproxy proxy → its value, or None";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ToxiproxyClient.Answer answer = ChaosToxi.send(context, "GET", ChaosToxi.proxyPath(arguments.get("proxy_name")), null);
    if (!answer.ok()) {
      return null;
    }
    Object attribute = arguments.get("attribute");
    if (ChaosToxi.jsonOf(answer) instanceof Map<?, ?> proxy && proxy.containsKey(attribute)) {
      return proxy.get(attribute);
    }
    throw new ActivityFailedException("KeyError: " + PythonText.repr(attribute));
  }
}
