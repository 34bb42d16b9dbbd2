package dev.faultline.engine.python.standin;

import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.actions.reset()}: {@code POST /reset}, which enables every proxy and
 * removes every toxic. Returns whether Toxiproxy accepted it ({@code bool}).
 */
public final class ToxiReset extends SignatureStandIn {

  public ToxiReset() {
    super(PythonSignature.of("chaostoxi.proxy.actions.reset", Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Enables every Toxiproxy proxy and removes every toxic → bool";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    return ChaosToxi.send(context, "POST", "/reset", null).ok();
  }
}
