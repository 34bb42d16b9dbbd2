package dev.faultline.proxy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Every lease and hard expiry, by proxy and toxic. Not thread-safe: {@link ProxyRegistry} guards it
 * with its own lock, so an object and its lease always change together.
 */
final class LeaseTable {

    private record Key(String proxy, String toxic) {
    }

    private final Map<Key, Lease> leases = new HashMap<>();

    void put(Lease lease) {
        leases.put(new Key(lease.proxy(), lease.toxic()), lease);
    }

    /** The lease of a proxy ({@code toxic == null}) or of a toxic, or null. */
    Lease get(String proxy, String toxic) {
        return leases.get(new Key(proxy, toxic));
    }

    void remove(String proxy, String toxic) {
        leases.remove(new Key(proxy, toxic));
    }

    /** Drops the proxy's own lease and those of its toxics (the proxy is gone). */
    void removeProxy(String proxy) {
        leases.keySet().removeIf(key -> key.proxy().equals(proxy));
    }

    /** Drops the leases of the proxy's toxics (they were all removed). */
    void removeToxicsOf(String proxy) {
        leases.keySet().removeIf(key -> key.proxy().equals(proxy) && key.toxic() != null);
    }

    /** Leases due at {@code nowNanos}, toxics before proxies so a toxic is expired before its proxy. */
    List<Lease> due(long nowNanos) {
        List<Lease> due = new ArrayList<>();
        leases.values().stream().filter(lease -> lease.dueAt(nowNanos)).forEach(due::add);
        due.sort(Comparator.comparing((Lease lease) -> lease.toxic() == null));
        return due;
    }

    /** The earliest deadline, if any lease exists. */
    OptionalLong nextDeadlineNanos(long nowNanos) {
        return leases.values().stream()
                .mapToLong(lease -> lease.deadlineNanos() - nowNanos)
                .min()
                .stream().map(delta -> nowNanos + delta).findFirst();
    }

    /** All leases, sorted by proxy then toxic (the proxy's own lease first). */
    List<Lease> all() {
        List<Lease> all = new ArrayList<>(leases.values());
        all.sort(Comparator.comparing(Lease::proxy)
                .thenComparing(lease -> Objects.requireNonNullElse(lease.toxic(), ""))
                .thenComparing(lease -> lease.toxic() != null));
        return all;
    }

    int size() {
        return leases.size();
    }
}
