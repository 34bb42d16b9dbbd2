package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code proxy-create}: a Toxiproxy proxy that exists for the experiment and is deleted at its end. */
public final class ProxyCreateFaultType implements FaultType {
  private static final Pattern HOST_PORT = Pattern.compile(".+:(\\d{1,5})");

  @Override
  public String name() {
    return "proxy-create";
  }

  @Override
  public String summary() {
    return "Creates a Toxiproxy proxy and deletes it on recovery (only a proxy it created).";
  }

  @Override
  public boolean reversible() {
    return true;
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("proxy", "string", true, "the new proxy's name; must not exist yet"),
        new FaultParameter("listen", "string", true, "host:port the proxy listens on, e.g. 127.0.0.1:26379"),
        new FaultParameter("upstream", "string", true, "host:port it forwards to, e.g. 127.0.0.1:6379"),
        ToxicFaultType.API_URL);
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    String proxy = arguments.string("proxy");
    String listen = hostPort(arguments, "listen", "127.0.0.1:26379");
    String upstream = hostPort(arguments, "upstream", "127.0.0.1:6379");
    String apiUrl = ToxicFaultType.readApiUrl(arguments);
    arguments.finish();
    return new ProxyCreateFault(ToxiproxyClient.withEnvironmentToken(apiUrl), proxy, listen, upstream);
  }

  private static String hostPort(FaultArguments arguments, String name, String example) {
    String value = arguments.string(name);
    if (value != null) {
      Matcher m = HOST_PORT.matcher(value);
      if (!m.matches() || Integer.parseInt(m.group(1)) > 65535) {
        arguments.problem(name + ": '" + value + "' is not host:port with a port from 0 to 65535, e.g. " + example);
      }
    }
    return value;
  }
}
