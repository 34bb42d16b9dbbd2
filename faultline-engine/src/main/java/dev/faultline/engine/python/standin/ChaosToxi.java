package dev.faultline.engine.python.standin;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyException;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonText;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the chaostoxi stand-ins share, as chaostoolkit-toxiproxy's {@code toxiproxyapi} module does
 * it: the API base URL from the configuration, requests whose answer is judged by the caller, the
 * proxy update behind {@code modify_proxy}/{@code enable_proxy}/{@code disable_proxy}, and the
 * toxic creation behind every {@code create_*_toxic}.
 */
final class ChaosToxi {
  /** Configuration key of Faultline's proxy API token (an extension; Toxiproxy has no token). */
  static final String TOKEN_KEY = "faultline_proxy_token";

  private ChaosToxi() {}

  /**
   * {@code toxiproxy_url} if set, else {@code http://<toxiproxy_host>:<toxiproxy_port>}, the port
   * 8474 when unset or empty, as chaostoxi's {@code build_baseUrl}.
   */
  static String baseUrl(Map<String, Object> configuration) {
    Object url = configuration.get("toxiproxy_url");
    if (ChaosPrometheus.truthy(url)) {
      return PythonText.str(url);
    }
    Object port = configuration.get("toxiproxy_port");
    return "http://" + PythonText.str(configuration.get("toxiproxy_host")) + ":"
        + (ChaosPrometheus.truthy(port) ? PythonText.str(port) : "8474");
  }

  /**
   * Sends one request to the API and returns its answer, whatever the status. No answer at all
   * raises what Python requests raises, {@code ConnectionError}.
   */
  static ToxiproxyClient.Answer send(RunContext context, String method, String path, Object body)
      throws ActivityFailedException, InterruptedException {
    Map<String, Object> configuration = context.configuration();
    String baseUrl = baseUrl(configuration);
    ToxiproxyClient client;
    try {
      Object token = configuration.get(TOKEN_KEY);
      client = new ToxiproxyClient(baseUrl, token != null
          ? Optional.of(PythonText.str(token))
          : Optional.ofNullable(System.getenv(ToxiproxyClient.TOKEN_ENV)));
    } catch (IllegalArgumentException e) {
      throw new ActivityFailedException("InvalidURL: " + e.getMessage() + hint(configuration), e);
    }
    try {
      return client.exchange(method, path, body);
    } catch (ToxiproxyException e) {
      throw new ActivityFailedException("ConnectionError: " + e.getMessage() + hint(configuration), e);
    }
  }

  /** {@code /proxies/<name>} as chaostoxi builds it, from Python's {@code str()} of the name. */
  static String proxyPath(Object proxyName) {
    return "/proxies/" + ToxiproxyClient.segment(PythonText.str(proxyName));
  }

  /**
   * {@code POST /proxies/<name>} with {@code changes}; then, as chaostoxi does, the proxy's listen
   * port goes into the configuration as {@code <name>_PORT}. Returns {@code True}; a refusal
   * raises {@code AssertionError}.
   */
  static Object modifyProxy(Object proxyName, Map<String, Object> changes, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ToxiproxyClient.Answer answer = send(context, "POST", proxyPath(proxyName), changes);
    if (!answer.ok()) {
      throw new ActivityFailedException("AssertionError: Toxiproxy did not modify proxy " + PythonText.repr(proxyName)
          + ": " + answer.failure().getMessage());
    }
    rememberPort(proxyName, answer, context);
    return true;
  }

  /**
   * Puts the proxy's listen port into the run's configuration as {@code <name>_PORT} (a string),
   * where later stand-ins that read the configuration find it, and returns it.
   */
  static String rememberPort(Object proxyName, ToxiproxyClient.Answer answer, RunContext context)
      throws ActivityFailedException {
    Object json = jsonOf(answer);
    String listen = json instanceof Map<?, ?> m ? PythonText.str(m.get("listen")) : "";
    String port = listen.substring(listen.lastIndexOf(':') + 1);
    try {
      context.configuration().put(PythonText.str(proxyName) + "_PORT", port);
    } catch (UnsupportedOperationException fixed) {
      // a run whose configuration cannot change: the port is still in Toxiproxy's answer
    }
    return port;
  }

  /**
   * {@code POST /proxies/<for_proxy>/toxics}; {@code True} when Toxiproxy echoes the toxic's name.
   * A refusal raises what chaostoxi raises on its {@code None}: {@code TypeError}.
   */
  static Object createToxic(Object forProxy, Object toxicName, String type, Object stream, Object toxicity,
      Object attributes, RunContext context) throws ActivityFailedException, InterruptedException {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("name", toxicName);
    json.put("type", type);
    json.put("stream", stream);
    json.put("toxicity", toxicity);
    json.put("attributes", attributes);
    ToxiproxyClient.Answer answer = send(context, "POST", proxyPath(forProxy) + "/toxics", json);
    if (!answer.ok()) {
      throw new ActivityFailedException("TypeError: 'NoneType' object is not subscriptable (Toxiproxy refused the toxic: "
          + answer.failure().getMessage() + ")");
    }
    return jsonOf(answer) instanceof Map<?, ?> m && toxicName != null && toxicName.equals(m.get("name"));
  }

  /** The answer's JSON; a body that is not JSON raises as {@code response.json()} would. */
  static Object jsonOf(ToxiproxyClient.Answer answer) throws ActivityFailedException {
    try {
      return answer.json();
    } catch (ToxiproxyException e) {
      throw new ActivityFailedException("JSONDecodeError: " + e.getMessage(), e);
    }
  }

  private static String hint(Map<String, Object> configuration) {
    return configuration.get("toxiproxy_url") == null && configuration.get("toxiproxy_host") == null
        ? " (the configuration sets neither toxiproxy_host nor toxiproxy_url)"
        : "";
  }
}
