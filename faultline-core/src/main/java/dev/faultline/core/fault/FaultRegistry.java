package dev.faultline.core.fault;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The fault types known to this process, by name. An explicit object rather than a global map, so
 * tests can build a registry of exactly the faults they need.
 */
public final class FaultRegistry {
  private final Map<String, FaultType> byName;

  public FaultRegistry(Collection<? extends FaultType> types) {
    Map<String, FaultType> m = new TreeMap<>();
    for (FaultType t : types) {
      FaultType previous = m.put(t.name(), t);
      if (previous != null) {
        throw new IllegalStateException("two fault types are named '" + t.name() + "': "
            + previous.getClass().getName() + " and " + t.getClass().getName());
      }
    }
    this.byName = Collections.unmodifiableMap(m);
  }

  /** Every {@link FaultType} registered through {@link ServiceLoader} on the class path. */
  public static FaultRegistry installed() {
    return new FaultRegistry(ServiceLoader.load(FaultType.class).stream().map(ServiceLoader.Provider::get).toList());
  }

  public Optional<FaultType> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  /** All types, sorted by name. */
  public Collection<FaultType> types() {
    return byName.values();
  }
}
