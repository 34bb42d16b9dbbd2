package dev.faultline.proxy;

import java.util.OptionalLong;

/**
 * The expiry of one proxy ({@code toxic == null}) or one toxic. Deadlines are
 * {@link System#nanoTime()} values, so wall-clock steps neither expire nor keep anything.
 *
 * @param leaseMs            renewal period; empty when the object only has a hard expiry
 * @param renewDeadlineNanos when the lease runs out without a renewal (Long.MAX_VALUE when no lease)
 * @param hardDeadlineNanos  the hard expiry, when there is one
 */
record Lease(String proxy, String toxic, OptionalLong leaseMs, long renewDeadlineNanos, OptionalLong hardDeadlineNanos) {

    static Lease of(String proxy, String toxic, LeaseTerms terms, long nowNanos) {
        long renew = terms.leaseMs().isPresent() ? nowNanos + terms.leaseMs().getAsLong() * 1_000_000L : Long.MAX_VALUE;
        OptionalLong hard = terms.expiresInMs().isPresent()
                ? OptionalLong.of(nowNanos + terms.expiresInMs().getAsLong() * 1_000_000L) : OptionalLong.empty();
        return new Lease(proxy, toxic, terms.leaseMs(), renew, hard);
    }

    /** When the object will be removed if nothing changes. */
    long deadlineNanos() {
        return hardDeadlineNanos.isPresent() ? earlier(renewDeadlineNanos, hardDeadlineNanos.getAsLong()) : renewDeadlineNanos;
    }

    boolean dueAt(long nowNanos) {
        return nowNanos - deadlineNanos() >= 0;
    }

    /** Renewed now, optionally with a new lease length; never past the hard expiry (see deadlineNanos). */
    Lease renewed(long newLeaseMs, long nowNanos) {
        return new Lease(proxy, toxic, OptionalLong.of(newLeaseMs), nowNanos + newLeaseMs * 1_000_000L, hardDeadlineNanos);
    }

    private static long earlier(long a, long b) {
        // nanoTime values compare by difference (they may wrap), except the no-lease sentinel.
        if (a == Long.MAX_VALUE) {
            return b;
        }
        return a - b < 0 ? a : b;
    }
}
