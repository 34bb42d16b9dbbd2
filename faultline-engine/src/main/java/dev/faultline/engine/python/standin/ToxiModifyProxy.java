package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.actions.modify_proxy(proxy_name, listen_address=None,
 * upstream_address=None, enabled=None)}: {@code POST /proxies/<proxy_name>} with the arguments that
 * are not {@code None}. Returns {@code True}; a refusal raises {@code AssertionError}.
 */
public final class ToxiModifyProxy extends SignatureStandIn {

  public ToxiModifyProxy() {
    super(PythonSignature.of("chaostoxi.proxy.actions.modify_proxy", Parameter.required("proxy_name"),
        Parameter.optional("listen_address", null), Parameter.optional("upstream_address", null),
        Parameter.optional("enabled", null), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Changes a Toxiproxy proxy's listen, upstream or enabled → True";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> changes = new LinkedHashMap<>();
    putIfGiven(changes, "listen", arguments.get("listen_address"));
    putIfGiven(changes, "upstream", arguments.get("upstream_address"));
    putIfGiven(changes, "enabled", arguments.get("enabled"));
    return ChaosToxi.modifyProxy(arguments.get("proxy_name"), changes, context);
  }

  private static void putIfGiven(Map<String, Object> changes, String key, Object value) {
    if (value != null) {
      changes.put(key, value);
    }
  }
}
