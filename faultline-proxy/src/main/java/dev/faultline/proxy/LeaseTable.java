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

    private record Key(String proxy, String toxic, Lease.Action action) {
    }

    private final Map<Key, Lease> leases = new HashMap<>();

    void put(Lease lease) {
        leases.put(new Key(lease.proxy(), lease.toxic(), lease.action()), lease);
    }

    /** The (delete) lease of a proxy ({@code toxic == null}) or of a toxic, or null. */
    Lease get(String proxy, String toxic) {
        return get(proxy, toxic, Lease.Action.DELETE);
    }

    /** A proxy's or toxic's lease of the given action, or null. */
    Lease get(String proxy, String toxic, Lease.Action action) {
        return leases.get(new Key(proxy, toxic, action));
    }

    void remove(String proxy, String toxic) {
        remove(proxy, toxic, Lease.Action.DELETE);
    }

    /** Drops one lease; returns whether there was one. */
    boolean remove(String proxy, String toxic, Lease.Action action) {
        return leases.remove(new Key(proxy, toxic, action)) != null;
    }

    /** Drops the proxy's own leases (delete and disable) and those of its toxics (the proxy is gone). */
    void removeProxy(String proxy) {
        leases.keySet().removeIf(key -> key.proxy().equals(proxy));
    }

    /** Drops the leases of the proxy's toxics (they were all removed). */
    void removeToxicsOf(String proxy) {
        leases.keySet().removeIf(key -> key.proxy().equals(proxy) && key.toxic() != null);
    }

    /**
     * Leases due at {@code nowNanos}: toxics before proxies so a toxic is expired before its proxy,
     * and a proxy's re-enable before its removal.
     */
    List<Lease> due(long nowNanos) {
        List<Lease> due = new ArrayList<>();
        leases.values().stream().filter(lease -> lease.dueAt(nowNanos)).forEach(due::add);
        due.sort(Comparator.comparing((Lease lease) -> lease.toxic() == null)
                .thenComparing(lease -> lease.action() == Lease.Action.DELETE));
        return due;
    }

    /** The earliest deadline, if any lease exists. */
    OptionalLong nextDeadlineNanos(long nowNanos) {
        return leases.values().stream()
                .mapToLong(lease -> lease.deadlineNanos() - nowNanos)
                .min()
                .stream().map(delta -> nowNanos + delta).findFirst();
    }

    /** All leases, sorted by proxy then toxic (the proxy's own leases first: delete, then enable). */
    List<Lease> all() {
        List<Lease> all = new ArrayList<>(leases.values());
        all.sort(Comparator.comparing(Lease::proxy)
                .thenComparing(lease -> Objects.requireNonNullElse(lease.toxic(), ""))
                .thenComparing(lease -> lease.toxic() != null)
                .thenComparing(Lease::action));
        return all;
    }

    int size() {
        return leases.size();
    }
}
