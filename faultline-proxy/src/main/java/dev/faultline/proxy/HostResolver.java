package dev.faultline.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Turns a host name into an address without blocking the caller: the proxy asks it for upstream
 * and listen host names, never on an event loop, so one slow DNS answer cannot stall the traffic
 * of every other proxy. IP literals never reach a resolver. Replaceable in tests.
 */
@FunctionalInterface
public interface HostResolver {

    /** The address of {@code host}; completes exceptionally with {@link UnknownHostException} when there is none. */
    CompletableFuture<InetAddress> resolve(String host);

    /** The JVM's resolver ({@link InetAddress#getByName}) on a few daemon threads of its own. */
    static HostResolver system() {
        return SystemResolver.INSTANCE;
    }

    /** The default resolver's threads: lookups block, so they get threads that do nothing else. */
    final class SystemResolver implements HostResolver {
        static final SystemResolver INSTANCE = new SystemResolver();
        private static final AtomicInteger THREADS = new AtomicInteger();

        private final ThreadPoolExecutor lookups = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(10_000), task -> {
                    Thread thread = new Thread(task, "faultline-proxy-dns-" + THREADS.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });

        private SystemResolver() {
            lookups.allowCoreThreadTimeOut(true);
        }

        @Override
        public CompletableFuture<InetAddress> resolve(String host) {
            CompletableFuture<InetAddress> answer = new CompletableFuture<>();
            try {
                lookups.execute(() -> {
                    try {
                        answer.complete(InetAddress.getByName(host));
                    } catch (UnknownHostException | RuntimeException e) {
                        answer.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException rejected) {
                answer.completeExceptionally(new UnknownHostException(host + ": too many lookups in progress"));
            }
            return answer;
        }
    }
}
