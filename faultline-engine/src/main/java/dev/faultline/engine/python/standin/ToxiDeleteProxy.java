package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.actions.delete_proxy(proxy_name)}: {@code DELETE /proxies/<proxy_name>}.
 * Returns {@code None} and never raises: like chaostoxi, a refusal or an unreachable API is only
 * a warning in its log.
 */
public final class ToxiDeleteProxy extends SignatureStandIn {

  public ToxiDeleteProxy() {
    super(PythonSignature.of("chaostoxi.proxy.actions.delete_proxy", Parameter.required("proxy_name"),
        Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Deletes a Toxiproxy proxy; never raises → None";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context) throws InterruptedException {
    try {
      ChaosToxi.send(context, "DELETE", ChaosToxi.proxyPath(arguments.get("proxy_name")), null);
    } catch (ActivityFailedException unreachable) {
      // chaostoxi catches every exception here and only logs a warning
    }
    return null;
  }
}
