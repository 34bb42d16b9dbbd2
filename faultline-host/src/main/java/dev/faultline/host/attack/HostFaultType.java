package dev.faultline.host.attack;

import dev.faultline.core.fault.FaultType;

/**
 * Base of the host attack fault types: all are named {@code host-<kind>} and share a {@link
 * HostContext} (the host's state directory when created by {@link java.util.ServiceLoader}).
 */
public abstract class HostFaultType implements FaultType {
  /** Prefix of every host attack's fault type name. */
  public static final String PREFIX = "host-";
  private final HostContext context;

  protected HostFaultType(HostContext context) {
    this.context = context;
  }

  /** The context attacks created by this type record into. */
  protected final HostContext context() {
    return context;
  }

  /** The CLI kind, e.g. {@code cpu} for {@code host-cpu}. */
  public final String kind() {
    return name().substring(PREFIX.length());
  }

  @Override
  public boolean reversible() {
    return true;
  }
}
