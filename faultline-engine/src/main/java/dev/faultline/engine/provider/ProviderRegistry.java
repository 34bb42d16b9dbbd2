package dev.faultline.engine.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The provider types the engine can run, by {@code provider.type}. */
public final class ProviderRegistry {
  private final Map<String, ActivityProvider> byType = new TreeMap<>();

  public ProviderRegistry(Collection<? extends ActivityProvider> providers) {
    for (ActivityProvider p : providers) {
      if (byType.put(p.type(), p) != null) {
        throw new IllegalStateException("two providers for type '" + p.type() + "'");
      }
    }
  }

  /** Providers given explicitly plus nothing else; see the engine's factory for the standard set. */
  public static ProviderRegistry of(List<? extends ActivityProvider> providers) {
    return new ProviderRegistry(providers);
  }

  /** A registry with these providers plus {@code extra}. */
  public ProviderRegistry with(ActivityProvider extra) {
    java.util.List<ActivityProvider> all = new java.util.ArrayList<>(byType.values());
    all.add(extra);
    return new ProviderRegistry(all);
  }

  public Optional<ActivityProvider> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The known type names, sorted. */
  public Collection<String> types() {
    return byType.keySet();
  }
}
