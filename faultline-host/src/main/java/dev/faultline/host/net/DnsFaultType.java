package dev.faultline.host.net;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFaultType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code host-dns}: make name resolution fail. */
public final class DnsFaultType extends HostFaultType {
  public DnsFaultType() {
    this(HostContext.forThisHost());
  }

  public DnsFaultType(HostContext context) {
    super(context);
  }

  @Override
  public String name() {
    return "host-dns";
  }

  @Override
  public String summary() {
    return "Makes DNS resolution fail by dropping queries to resolvers on port 53 (nftables).";
  }

  @Override
  public List<FaultParameter> parameters() {
    return List.of(
        new FaultParameter("resolver", "string", false, "only these resolvers' addresses, comma-separated (default: every resolver)"),
        NetworkArguments.netnsParameter());
  }

  @Override
  public Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    Map<String, Object> given = new LinkedHashMap<>();
    HostSet resolvers = NetworkArguments.hosts(arguments, "resolver", given);
    NetworkNamespace netns = NetworkArguments.netns(arguments, given);
    arguments.finish();
    return new DnsFault(context(), given, netns, NetworkPrivileges.ofThisProcess(), resolvers == null ? HostSet.ANY : resolvers);
  }
}
