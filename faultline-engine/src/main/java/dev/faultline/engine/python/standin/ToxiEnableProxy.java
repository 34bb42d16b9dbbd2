package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.actions.enable_proxy(proxy_name)}: {@code modify_proxy} with
 * {@code enabled=True}. Returns {@code True}; a refusal raises {@code AssertionError}.
 */
public final class ToxiEnableProxy extends SignatureStandIn {

  public ToxiEnableProxy() {
    super(PythonSignature.of("chaostoxi.proxy.actions.enable_proxy", Parameter.required("proxy_name"),
        Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Enables a disabled Toxiproxy proxy → True";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    return ChaosToxi.modifyProxy(arguments.get("proxy_name"), Map.of("enabled", true), context);
  }
}
