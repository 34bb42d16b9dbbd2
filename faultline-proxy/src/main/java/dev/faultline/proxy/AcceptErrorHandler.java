package dev.faultline.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * Sits on a listening socket and keeps it alive through accept failures, typically EMFILE when the
 * process runs out of file descriptors: stops accepting for {@link #BACKOFF_MS} (the pending
 * connection would otherwise make epoll report the socket ready in a busy loop), then tries again,
 * and writes at most one line per {@link #LOG_EVERY_MS} with the count of failures. The error never
 * reaches Netty's default handling, whose logging needs resources the process has just run out of.
 * Everything it uses is created up front, so no class has to be loaded (a file opened) at EMFILE.
 */
final class AcceptErrorHandler extends ChannelInboundHandlerAdapter {

    static final long BACKOFF_MS = 100;
    static final long LOG_EVERY_MS = 10_000;

    private final String what;
    private final StringBuilder line = new StringBuilder(256);
    private long failures;
    private long lastLogNanos = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(LOG_EVERY_MS);

    AcceptErrorHandler(String what) {
        this.what = what;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures++;
        if (ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(false);
            ctx.channel().eventLoop().schedule(new Resume(ctx), BACKOFF_MS, TimeUnit.MILLISECONDS);
        }
        long now = System.nanoTime();
        if (now - lastLogNanos >= TimeUnit.MILLISECONDS.toNanos(LOG_EVERY_MS)) {
            lastLogNanos = now;
            synchronized (line) {
                line.setLength(0);
                line.append("faultline proxy: ").append(what).append(": cannot accept connections (")
                        .append(cause.getMessage()).append("); ").append(failures)
                        .append(" failure(s) since the last report, retrying every ").append(BACKOFF_MS).append(" ms");
                System.err.println(line);
            }
            failures = 0;
        }
    }

    /** Re-enables accepting; a named class rather than a lambda so it is loaded before it is needed. */
    private static final class Resume implements Runnable {
        private final ChannelHandlerContext ctx;

        Resume(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void run() {
            if (ctx.channel().isOpen()) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    /** Loads the classes the failure path needs while files can still be opened. */
    static void preload() {
        new Resume(null).getClass().getName();
    }
}
