package dev.faultline.proxy;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Removes expired proxies and toxics by itself: one timer thread for all leases, sleeping until
 * the earliest deadline (woken early whenever a lease is added or renewed), so an object goes within
 * a few milliseconds of its expiry whatever the number of leases. Each removal is audited as
 * {@code toxic.expire} / {@code proxy.expire}.
 */
final class LeaseKeeper implements AutoCloseable {

    private final ProxyRegistry registry;
    private final AuditLog audit;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "faultline-proxy-leases");
        thread.setDaemon(true);
        return thread;
    });
    /** The sweep planned for the earliest deadline; touched only on the timer thread. */
    private ScheduledFuture<?> planned;

    LeaseKeeper(ProxyRegistry registry, AuditLog audit) {
        this.registry = registry;
        this.audit = audit;
        registry.onLeasesChanged(this::wake);
    }

    /** A deadline may have moved: re-plan (from any thread; never blocks). */
    void wake() {
        try {
            timer.execute(this::sweep);
        } catch (RejectedExecutionException e) {
            // Shutting down: nothing left to expire.
        }
    }

    private void sweep() {
        if (planned != null) {
            planned.cancel(false);
            planned = null;
        }
        try {
            List<ProxyRegistry.Expired> expired = registry.expireDue();
            for (ProxyRegistry.Expired gone : expired) {
                Lease lease = gone.lease();
                audit.record(lease.toxic() == null ? "proxy.expire" : "toxic.expire", lease.proxy(), lease.toxic(),
                        gone.attributes(), null);
            }
        } catch (RuntimeException e) {
            // Never let one failed removal stop every later expiry; the lease was dropped before removal.
            System.err.println("faultline proxy: lease expiry failed: " + e);
        }
        OptionalLong next = registry.nextLeaseDeadlineNanos();
        if (next.isPresent() && !timer.isShutdown()) {
            long delayNanos = Math.max(0, next.getAsLong() - System.nanoTime());
            planned = timer.schedule(this::sweep, delayNanos, TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
