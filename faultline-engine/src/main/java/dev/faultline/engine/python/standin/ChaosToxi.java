package dev.faultline.engine.python.standin;

import dev.faultline.core.fault.FaultException;
import dev.faultline.engine.fault.NoLeaseException;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyException;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyLease;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.python.PythonText;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the chaostoxi stand-ins share, as chaostoolkit-toxiproxy's {@code toxiproxyapi} module does
 * it: the API base URL from the configuration, requests whose answer is judged by the caller, the
 * proxy update behind {@code modify_proxy}/{@code enable_proxy}/{@code disable_proxy}, and the
 * toxic creation behind every {@code create_*_toxic}.
 *
 * <p>Unlike chaostoxi, toxics and proxies are created with the run's lease
 * ({@link ToxiproxyLease}), renewed while the run lives: one the experiment leaves behind is
 * removed by Faultline's proxy within one lease after the run ends or is killed.
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
    return send(context, client(context), method, path, body, Map.of());
  }

  /** The client for the configured API, with the configured token. */
  static ToxiproxyClient client(RunContext context) throws ActivityFailedException {
    Map<String, Object> configuration = context.configuration();
    try {
      Object token = configuration.get(TOKEN_KEY);
      return new ToxiproxyClient(baseUrl(configuration), token != null
          ? Optional.of(PythonText.str(token))
          : Optional.ofNullable(System.getenv(ToxiproxyClient.TOKEN_ENV)));
    } catch (IllegalArgumentException e) {
      throw new ActivityFailedException("InvalidURL: " + e.getMessage() + hint(configuration), e);
    }
  }

  /** As {@link #send(RunContext, String, String, Object)} through {@code client}, with extra headers. */
  static ToxiproxyClient.Answer send(RunContext context, ToxiproxyClient client, String method, String path,
      Object body, Map<String, String> headers) throws ActivityFailedException, InterruptedException {
    try {
      return client.exchange(method, path, body, headers, Duration.ofSeconds(30));
    } catch (ToxiproxyException e) {
      throw new ActivityFailedException("ConnectionError: " + e.getMessage() + hint(context.configuration()), e);
    }
  }

  /** The lease headers for what a stand-in creates in this run; none when the run renews nothing. */
  static Map<String, String> leaseHeaders(RunContext context) {
    return context.faults().lease().map(ToxiproxyLease::headers).orElse(Map.of());
  }

  /**
   * Has the run renew the lease of the toxic (or, when {@code toxic} is empty, the proxy) a
   * stand-in just created, until the run ends. The experiment deleting it ends the renewals
   * quietly; a server without leases is said once.
   */
  static void keepAlive(RunContext context, ToxiproxyClient client, String proxy, Optional<String> toxic) {
    Optional<Duration> lease = context.faults().lease();
    if (lease.isEmpty()) {
      return;
    }
    String what = toxic.map(t -> "toxic '" + t + "' on proxy '" + proxy + "'").orElse("proxy '" + proxy + "'");
    Duration timeout = ToxiproxyLease.renewalTimeout(lease.get());
    context.faults().keepAlive("chaostoxi " + what, () -> {
      try {
        return switch (ToxiproxyLease.renew(client, proxy, toxic, timeout)) {
          case RENEWED -> true;
          case GONE, NO_LEASE -> false; // deleted by the experiment (or expired): nothing left to keep alive
          case NOT_SUPPORTED -> throw new NoLeaseException(ToxiproxyLease.notSupported(client));
        };
      } catch (ToxiproxyException e) {
        throw new FaultException("could not renew the lease of " + what + ": " + e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new FaultException("interrupted while renewing the lease of " + what, e);
      }
    });
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
    ToxiproxyClient client = client(context);
    ToxiproxyClient.Answer answer = send(context, client, "POST", proxyPath(forProxy) + "/toxics", json,
        leaseHeaders(context));
    if (!answer.ok()) {
      throw new ActivityFailedException("TypeError: 'NoneType' object is not subscriptable (Toxiproxy refused the toxic: "
          + answer.failure().getMessage() + ")");
    }
    if (jsonOf(answer) instanceof Map<?, ?> created && created.get("name") instanceof String name) {
      keepAlive(context, client, PythonText.str(forProxy), Optional.of(name));
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
