package dev.faultline.proxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;

/**
 * A TCP fault proxy that speaks Toxiproxy's HTTP API (v2.12.0): same routes, JSON, status codes,
 * error bodies and toxic semantics, so Toxiproxy clients work unchanged. Proxied bytes flow through
 * Netty event loops (one per core); the API has its own event loop and worker threads so a slow
 * API call never stalls traffic, and host names are resolved off the event loops. Proxies and
 * toxics may carry leases (Faultline extension, see docs/proxy.md) that one timer thread enforces.
 *
 * <pre>{@code
 * try (ProxyServer server = ProxyServer.start(ProxyServerOptions.defaults().withPort(0))) {
 *     var client = new ToxiproxyClient("127.0.0.1", server.apiPort());
 *     ...
 * }
 * }</pre>
 */
public final class ProxyServer implements AutoCloseable {

    private final EventLoopGroup apiGroup;
    private final EventLoopGroup dataGroup;
    private final ProxyRegistry registry;
    private final Channel apiChannel;
    private final LeaseKeeper leaseKeeper;
    private final ExecutorService apiWorkers;
    private final CountDownLatch closed = new CountDownLatch(1);

    private ProxyServer(EventLoopGroup apiGroup, EventLoopGroup dataGroup, ProxyRegistry registry, Channel apiChannel,
                        LeaseKeeper leaseKeeper, ExecutorService apiWorkers) {
        this.apiWorkers = apiWorkers;
        this.apiGroup = apiGroup;
        this.dataGroup = dataGroup;
        this.registry = registry;
        this.apiChannel = apiChannel;
        this.leaseKeeper = leaseKeeper;
    }

    /**
     * Creates the proxies of the config file (if any), then binds the API.
     *
     * @throws IOException when the config file cannot be read or applied, or the API port cannot be bound
     */
    public static ProxyServer start(ProxyServerOptions options) throws IOException {
        EventLoopGroup apiGroup = Transport.newGroup(1);
        // One data loop per core: more loops than cores only adds context switches on a busy host.
        EventLoopGroup dataGroup = Transport.newGroup(options.dataThreads() > 0 ? options.dataThreads()
                : Integer.getInteger("faultline.proxy.threads", Runtime.getRuntime().availableProcessors()));
        LeaseKeeper leaseKeeper = null;
        ExecutorService apiWorkers = null;
        try {
            ProxyRegistry registry = new ProxyRegistry(dataGroup, options.resolver());
            if (options.configFile().isPresent()) {
                loadConfig(registry, options.configFile().get());
            }
            Optional<String> token = options.apiToken().or(() -> Optional.ofNullable(System.getenv(ProxyServerOptions.TOKEN_ENV)))
                    .filter(t -> !t.isBlank());
            AuditLog audit = new AuditLog(options.auditSink(), Clock.systemUTC());
            leaseKeeper = new LeaseKeeper(registry, audit);
            ApiRoutes routes = new ApiRoutes(registry, audit, token);
            apiWorkers = newApiWorkers();
            AcceptErrorHandler.preload();
            ChannelFuture bound = new ServerBootstrap()
                    .group(apiGroup)
                    .channel(Transport.serverChannel())
                    .handler(new AcceptErrorHandler("API " + options.host() + ":" + options.port()))
                    .childHandler(new ApiServerPipeline(routes, apiWorkers, options.apiIdleTimeoutMs()))
                    .bind(options.host(), options.port())
                    .awaitUninterruptibly();
            if (!bound.isSuccess()) {
                leaseKeeper.close();
                apiWorkers.shutdownNow();
                registry.stopAll();
                throw new IOException("cannot bind the proxy API to " + options.host() + ":" + options.port()
                        + ": " + bound.cause().getMessage(), bound.cause());
            }
            return new ProxyServer(apiGroup, dataGroup, registry, bound.channel(), leaseKeeper, apiWorkers);
        } catch (IOException | RuntimeException e) {
            if (leaseKeeper != null) {
                leaseKeeper.close();
            }
            if (apiWorkers != null) {
                apiWorkers.shutdownNow();
            }
            apiGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            dataGroup.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    /**
     * Threads that run API calls, so that a call waiting for a DNS answer or a bind does not stop
     * the API's event loop from serving other connections; bounded, and a full queue answers 503.
     */
    private static ExecutorService newApiWorkers() {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor workers = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4096), task -> {
            Thread thread = new Thread(task, "faultline-proxy-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        workers.allowCoreThreadTimeOut(true);
        return workers;
    }

    private static void loadConfig(ProxyRegistry registry, Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.UTF_8);
        try {
            registry.populate(ProxyEndpoints.populateInput(text));
        } catch (ApiException | PopulateException e) {
            registry.stopAll();
            throw new IOException("config file " + file + ": " + e.getMessage()
                    + " (expected a JSON array of {\"name\", \"listen\", \"upstream\", \"enabled\"})", e);
        }
    }

    /** The port the HTTP API listens on (useful when started with port 0). */
    public int apiPort() {
        return ((InetSocketAddress) apiChannel.localAddress()).getPort();
    }

    /** Blocks until {@link #close()} has completed (e.g. from a shutdown hook). */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the API, drops every proxied connection and releases the event loops. Idempotent. */
    @Override
    public void close() {
        if (closed.getCount() == 0) {
            return;
        }
        apiChannel.close().awaitUninterruptibly();
        leaseKeeper.close();
        apiWorkers.shutdownNow();
        registry.stopAll();
        apiGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        dataGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        closed.countDown();
    }

    /**
     * Command line: {@code [--host H] [--port P] [--config FILE] [--api-token T] [--api-idle-timeout-ms N]}; runs until
     * SIGTERM/SIGINT.
     */
    public static void main(String[] args) throws Exception {
        ProxyServerOptions options = ProxyCommandLine.parse(args);
        ProxyServer server = start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "faultline-proxy-shutdown"));
        System.err.println("faultline proxy API listening on " + options.host() + ":" + server.apiPort());
        server.awaitClose();
    }

}
