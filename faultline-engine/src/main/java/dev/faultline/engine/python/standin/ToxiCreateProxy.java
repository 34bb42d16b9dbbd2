package dev.faultline.engine.python.standin;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonSignature;
import dev.faultline.engine.python.PythonSignature.Parameter;
import dev.faultline.engine.python.PythonText;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code chaostoxi.proxy.actions.create_proxy(proxy_name, upstream_host, upstream_port,
 * listen_host='0.0.0.0', listen_port=0, enabled=True)}: {@code POST /proxies}. An upstream host
 * or port written {@code env:NAME} is read from that environment variable. The proxy's listen
 * port goes into the configuration as {@code <proxy_name>_PORT}. Returns {@code True}; a refusal
 * raises {@code AssertionError} (with Toxiproxy's reason, which chaostoxi leaves out). The proxy
 * carries the run's lease and is deleted by Faultline's proxy within one lease after the run ends.
 */
public final class ToxiCreateProxy extends SignatureStandIn {

  public ToxiCreateProxy() {
    super(PythonSignature.of("chaostoxi.proxy.actions.create_proxy", Parameter.required("proxy_name"),
        Parameter.required("upstream_host"), Parameter.required("upstream_port"),
        Parameter.optional("listen_host", "0.0.0.0"), Parameter.optional("listen_port", 0),
        Parameter.optional("enabled", true), Parameter.injected("configuration")));
  }

  @Override
  public String summary() {
    return "Creates a Toxiproxy proxy; its port goes to configuration <name>_PORT → True";
  }

  @Override
  protected Object invoke(Map<String, Object> arguments, RunContext context)
      throws ActivityFailedException, InterruptedException {
    Object name = arguments.get("proxy_name");
    String listen = PythonText.str(arguments.get("listen_host")) + ":" + PythonText.str(arguments.get("listen_port"));
    String upstream = PythonText.str(fromEnvironment(arguments.get("upstream_host"))) + ":"
        + PythonText.str(fromEnvironment(arguments.get("upstream_port")));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", name);
    json.put("listen", listen);
    json.put("upstream", upstream);
    json.put("enabled", arguments.get("enabled"));
    ToxiproxyClient client = ChaosToxi.client(context);
    ToxiproxyClient.Answer answer = ChaosToxi.send(context, client, "POST", "/proxies", json,
        ChaosToxi.leaseHeaders(context));
    if (!answer.ok()) {
      throw new ActivityFailedException("AssertionError: Toxiproxy did not create proxy " + PythonText.repr(name) + ": "
          + answer.failure().getMessage());
    }
    ChaosToxi.keepAlive(context, client, PythonText.str(name), java.util.Optional.empty());
    String port = ChaosToxi.rememberPort(name, answer, context);
    if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
      throw new ActivityFailedException("AssertionError: unable to parse the port from Toxiproxy's answer " + answer.body());
    }
    return true;
  }

  /** chaostoxi's {@code value_from_environment_if_exists}: {@code env:NAME} reads {@code NAME}. */
  private static Object fromEnvironment(Object value) throws ActivityFailedException {
    if (value instanceof String s && s.startsWith("env:")) {
      String variable = s.substring(4);
      String found = System.getenv(variable);
      if (found == null) {
        throw new ActivityFailedException("KeyError: " + PythonText.repr(variable));
      }
      return found;
    }
    return value;
  }
}
