package dev.faultline.host.net;

import dev.faultline.core.fault.FaultException;
import dev.faultline.host.attack.HostContext;
import dev.faultline.host.attack.HostFault;
import dev.faultline.host.state.UndoStep;
import java.util.List;
import java.util.Map;

/** A network attack made of a root qdisc (tc) on one interface, recorded before it is installed. */
public abstract class QdiscFault extends HostFault {
  private final NetworkNamespace netns;
  private final NetworkPrivileges privileges;
  private final String device;

  protected QdiscFault(HostContext context, String kind, Map<String, Object> parameters, NetworkNamespace netns,
      NetworkPrivileges privileges, String device) {
    super(context, kind, parameters);
    this.netns = netns;
    this.privileges = privileges;
    this.device = device;
  }

  /** The qdisc after {@code root handle <handle>}, e.g. {@code tbf rate 8000kbit ...}. */
  protected abstract List<String> qdisc();

  /** Extra checks before anything is recorded (e.g. netem present). */
  protected void check() throws FaultException {}

  @Override
  protected final List<UndoStep> plan() throws FaultException {
    privileges.require("the " + kind() + " attack", "tc", "iproute2");
    if (!netns.exists()) {
      throw new FaultException("netns: there is no network namespace named '" + netns.name() + "' (see ip netns list). "
          + "Nothing was applied.");
    }
    if (!Qdiscs.deviceExists(netns, device)) {
      throw new FaultException("device: there is no network interface '" + device + "'" + netns.describe() + "; known: "
          + String.join(", ", Qdiscs.devices(netns)) + ". Nothing was applied.");
    }
    check();
    // Refuse here, before the record exists: an undo step for a refused attack must not be run
    // against a qdisc another attack installed.
    Qdiscs.checkReplaceable(netns, device);
    return List.of(new UndoStep.DeleteQdisc(netns.name(), device, Qdiscs.handleFor(id())));
  }

  @Override
  protected final void takeEffect() throws FaultException {
    Qdiscs.install(netns, device, Qdiscs.handleFor(id()), qdisc());
  }

  /** The interface. */
  public final String device() {
    return device;
  }

  /** The namespace. */
  public final NetworkNamespace netns() {
    return netns;
  }

  /** {@code bandwidth} or {@code latency}, for messages. */
  protected abstract String kind();
}
