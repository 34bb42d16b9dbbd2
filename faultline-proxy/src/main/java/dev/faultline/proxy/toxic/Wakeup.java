package dev.faultline.proxy.toxic;

import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The one pending wake-up of a stage that holds data until a time: at most one at a time, run on
 * the link's event loop, cancelled when the stage is interrupted or disposed.
 */
final class Wakeup {
    private final LinkContext link;
    private final Runnable action;
    private Future<?> pending;

    Wakeup(LinkContext link, Runnable action) {
        this.link = link;
        this.action = action;
    }

    /** Whether a wake-up is already pending. */
    boolean pending() {
        return pending != null;
    }

    /**
     * Runs the action after {@code delayNanos}: the event loop's timer, precise to tens of
     * microseconds with epoll (timerfd), to about a millisecond with NIO (select timeouts).
     */
    void after(long delayNanos) {
        pending = link.executor().schedule(this::fire, delayNanos, TimeUnit.NANOSECONDS);
    }

    /** Drops the pending wake-up, if any. */
    void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    private void fire() {
        pending = null;
        action.run();
    }
}
