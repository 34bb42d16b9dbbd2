package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.actions.disable_proxy(proxy_name)}: {@code modify_proxy} with
 * {@code enabled=False}. Returns {@code True}; a refusal raises {@code AssertionError}.
 */
public final class ToxiDisableProxy extends SignatureStandIn {

  public ToxiDisableProxy() {
    super(PythonSignature.of("chaostoxi.proxy.actions.disable_proxy", Parameter.required("proxy_name"),
        Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Disables a Toxiproxy proxy: connections refused and dropped → True";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    return ChaosToxi.modifyProxy(arguments.get("proxy_name"), Map.of("enabled", false), context);
  }
}
