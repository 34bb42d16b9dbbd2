package dev.faultline.engine.provider;

import dev.faultline.core.experiment.ProviderSpec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The {@code tcp} provider (Faultline's own probe): can a TCP connection be opened to a host and
 * port? The connection is closed as soon as it is made.
 *
 * <ul>
 *   <li>{@code host} (required); {@code port} (required, 1–65535); {@code timeout} (seconds,
 *       default 3).
 *   <li>{@code output}: {@code "details"} (default) or {@code "boolean"}.
 * </ul>
 *
 * <p>With {@code "details"} the output is {@code {"connected": true, "host": …, "port": …,
 * "connect_ms": <double>}}, or {@code {"connected": false, "host": …, "port": …, "error":
 * "<reason>"}} when the connection is refused, times out or the host is unknown; check it with
 * {@code {"type": "jsonpath", "path": "$.connected", "expect": true}}. With {@code "boolean"} the
 * output is just {@code true} or {@code false}, so {@code "tolerance": true} works. A probe that
 * answers "no" is not a failed activity.
 */
public final class TcpProvider implements ActivityProvider {
  private static final Set<String> KEYS = Set.of("host", "port", "timeout", "output");
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);

  @Override
  public String type() {
    return "tcp";
  }

  @Override
  public void validate(ProviderSpec spec, ProviderValidation validation) {
    PropertyChecks checks = new PropertyChecks(spec, validation);
    checks.unknownKeys(KEYS);
    checks.requiredString("host", "the host name or IP address to connect to, e.g. \"127.0.0.1\"");
    if (spec.get("port") == null) {
      validation.error("port", "port is missing; expected the TCP port to connect to, from 1 to 65535");
    } else {
      checks.integer("port", 1, 65535);
    }
    checks.seconds("timeout");
    Object output = spec.get("output");
    if (output != null && !"details".equals(output) && !"boolean".equals(output)) {
      validation.error("output", "output must be \"details\" or \"boolean\", found " + PropertyChecks.describe(output));
    }
  }

  @Override
  public Object run(Map<String, Object> properties, RunContext context)
      throws ActivityFailedException, InterruptedException {
    ProviderProperties props = new ProviderProperties(type(), properties);
    String host = props.requiredString("host");
    int port = (int) props.integer("port", -1, 1, 65535);
    if (port < 0) {
      throw new ActivityFailedException("tcp provider: port is missing; expected the TCP port to connect to");
    }
    Duration timeout = props.seconds("timeout").orElse(DEFAULT_TIMEOUT);
    String output = props.optionalString("output").orElse("details");
    if (!output.equals("details") && !output.equals("boolean")) {
      throw new ActivityFailedException("tcp provider: output must be \"details\" or \"boolean\", found \"" + output + "\"");
    }

    Map<String, Object> result = new LinkedHashMap<>();
    long start = System.nanoTime();
    String error = TcpConnect.attempt(host, port, timeout).orElse(null);
    result.put("connected", error == null);
    result.put("host", host);
    result.put("port", port);
    if (error == null) {
      result.put("connect_ms", (System.nanoTime() - start) / 1e6);
    } else {
      result.put("error", error);
    }
    return output.equals("boolean") ? (Object) (error == null) : result;
  }
}
