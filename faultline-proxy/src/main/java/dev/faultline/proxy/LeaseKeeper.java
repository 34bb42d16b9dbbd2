package dev.faultline.proxy;

import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Removes expired proxies and toxics, and enables proxies whose disable lease passed, by itself:
 * one timer thread for all leases, sleeping until the earliest deadline (woken early whenever a
 * lease is added or renewed), so this happens within a few milliseconds of the expiry whatever the
 * number of leases. Each change is audited as {@code toxic.expire} / {@code proxy.expire} /
 * {@code proxy.reenable} (reason {@code "lease expired"}).
 */
final class LeaseKeeper implements AutoCloseable {

    /** The audit reason of a proxy enabled again because its disable lease passed. */
    static final String REENABLE_REASON = "lease expired";

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
                if (lease.action() == Lease.Action.ENABLE) {
                    String reason = gone.failure() == null ? REENABLE_REASON : REENABLE_REASON + "; enabling failed: "
                            + gone.failure() + "; trying again every " + ProxyRegistry.REENABLE_RETRY_MS + " ms";
                    audit.record(gone.failure() == null ? "proxy.reenable" : "proxy.reenable.failed", lease.proxy(), null,
                            gone.attributes(), null, reason);
                } else {
                    audit.record(lease.toxic() == null ? "proxy.expire" : "toxic.expire", lease.proxy(), lease.toxic(),
                            gone.attributes(), null);
                }
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
