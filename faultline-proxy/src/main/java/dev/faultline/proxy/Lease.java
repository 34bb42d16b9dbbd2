package dev.faultline.proxy;

import java.util.Locale;
import java.util.OptionalLong;

/**
 * The expiry of one proxy ({@code toxic == null}) or one toxic, or the disable lease of a proxy
 * ({@link Action#ENABLE}). Deadlines are {@link System#nanoTime()} values, so wall-clock steps
 * neither expire nor keep anything.
 *
 * @param action             what happens when it passes: the object is deleted, or the disabled proxy enabled again
 * @param leaseMs            renewal period; empty when the object only has a hard expiry
 * @param renewDeadlineNanos when the lease runs out without a renewal (Long.MAX_VALUE when no lease)
 * @param hardDeadlineNanos  the hard expiry, when there is one
 */
record Lease(String proxy, String toxic, Action action, OptionalLong leaseMs, long renewDeadlineNanos,
             OptionalLong hardDeadlineNanos) {

    /** What expiry does; a proxy may hold one lease of each action at once. */
    enum Action {
        /** The proxy or toxic is removed, as by DELETE (leases given on create). */
        DELETE,
        /** The disabled proxy is enabled again, as by an update with {@code enabled: true} (lease given on disable). */
        ENABLE;

        /** The {@code action} value in lease JSON. */
        String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static Lease of(String proxy, String toxic, LeaseTerms terms, long nowNanos) {
        return of(proxy, toxic, Action.DELETE, terms, nowNanos);
    }

    static Lease of(String proxy, String toxic, Action action, LeaseTerms terms, long nowNanos) {
        long renew = terms.leaseMs().isPresent() ? nowNanos + terms.leaseMs().getAsLong() * 1_000_000L : Long.MAX_VALUE;
        OptionalLong hard = terms.expiresInMs().isPresent()
                ? OptionalLong.of(nowNanos + terms.expiresInMs().getAsLong() * 1_000_000L) : OptionalLong.empty();
        return new Lease(proxy, toxic, action, terms.leaseMs(), renew, hard);
    }

    /** When the object will be removed (or the proxy enabled) if nothing changes. */
    long deadlineNanos() {
        return hardDeadlineNanos.isPresent() ? earlier(renewDeadlineNanos, hardDeadlineNanos.getAsLong()) : renewDeadlineNanos;
    }

    boolean dueAt(long nowNanos) {
        return nowNanos - deadlineNanos() >= 0;
    }

    /** Renewed now, optionally with a new lease length; never past the hard expiry (see deadlineNanos). */
    Lease renewed(long newLeaseMs, long nowNanos) {
        return new Lease(proxy, toxic, action, OptionalLong.of(newLeaseMs), nowNanos + newLeaseMs * 1_000_000L, hardDeadlineNanos);
    }

    /**
     * An expired disable lease whose re-enable failed (e.g. its listen port was taken meanwhile):
     * due again at {@code retryAtNanos}, without a renewal period or hard expiry, since both have passed.
     */
    Lease retryAt(long retryAtNanos) {
        return new Lease(proxy, toxic, action, OptionalLong.empty(), retryAtNanos, OptionalLong.empty());
    }

    private static long earlier(long a, long b) {
        // nanoTime values compare by difference (they may wrap), except the no-lease sentinel.
        if (a == Long.MAX_VALUE) {
            return b;
        }
        return a - b < 0 ? a : b;
    }
}
