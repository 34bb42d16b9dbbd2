package dev.faultline.engine.python.standin;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.Map;
import java.util.Objects;

/**
 * {@code chaostoxi.proxy.probes.proxy_exist(proxy_name)}: {@code GET /proxies/<proxy_name>};
 * {@code True} when Toxiproxy shows a proxy of that name, {@code False} on any refusal.
 */
public final class ToxiProxyExist extends SignatureStandIn {

  public ToxiProxyExist() {
    super(PythonSignature.of("chaostoxi.proxy.probes.proxy_exist", Parameter.required("proxy_name"),
        Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Whether a Toxiproxy proxy exists → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Object name = arguments.get("proxy_name");
    ToxiproxyClient.Answer answer = ChaosToxi.send(context, "GET", ChaosToxi.proxyPath(name), null);
    if (!answer.ok()) {
      return false;
    }
    return ChaosToxi.jsonOf(answer) instanceof Map<?, ?> proxy && Objects.equals(proxy.get("name"), name);
  }
}
