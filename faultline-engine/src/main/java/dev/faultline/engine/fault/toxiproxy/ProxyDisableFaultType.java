package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import java.util.List;

/** {@code proxy-disable}: takes a Toxiproxy proxy down (Toxiproxy's "down"), up again on recovery. */
public final class ProxyDisableFaultType implements FaultType {
  @Override
  public String name() {
    return "proxy-disable";
  }

  @Override
  public String summary() {
    return "Disables a Toxiproxy proxy (connections refused and dropped) and enables it again on recovery.";
  }

  @Override
  public boolean reversible() {
    return true;
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(new FaultParameter("proxy", "string", true, "the name of the proxy to disable"),
        ToxicFaultType.API_URL);
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    String proxy = arguments.string("proxy");
    String apiUrl = ToxicFaultType.readApiUrl(arguments);
    arguments.finish();
    return new ProxyDisableFault(ToxiproxyClient.withEnvironmentToken(apiUrl), proxy);
  }
}
