package dev.faultline.proxy;

import dev.faultline.proxy.toxic.Direction;
import dev.faultline.proxy.toxic.ToxicSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.Future;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One named proxy: a listener, its upstream, its toxics, and its live connections. Mutations are
 * serialized by {@link ProxyRegistry}; the data path reads the volatile fields.
 */
final class ProxyInstance {

    /** Longest an API change waits for live connections to apply it (each runs it on its event loop). */
    private static final long APPLY_WAIT_MS = 5000;
    private static final WriteBufferWaterMark WATER_MARK = new WriteBufferWaterMark(256 * 1024, 1024 * 1024);

    private final String name;
    private final EventLoopGroup group;
    private final HostResolver resolver;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile String listen;
    private volatile String upstream;
    private volatile boolean enabled;
    private volatile List<ToxicSpec> toxics = List.of();
    private Channel listener;

    ProxyInstance(String name, String listen, String upstream, EventLoopGroup group, HostResolver resolver) {
        this.name = name;
        this.listen = listen;
        this.upstream = upstream;
        this.group = group;
        this.resolver = resolver;
    }

    String name() {
        return name;
    }

    String listen() {
        return listen;
    }

    String upstream() {
        return upstream;
    }

    boolean enabled() {
        return enabled;
    }

    ProxyMetrics metrics() {
        return metrics;
    }

    int connectionCount() {
        return connections.size();
    }

    /** Binds the listener; on success {@link #listen()} becomes the resolved address. */
    void start() throws ApiException {
        if (enabled) {
            return;
        }
        InetSocketAddress address;
        try {
            address = ListenAddress.resolve(listen, true, resolver);
        } catch (ApiException e) {
            throw new ApiException(e.status(), "listen tcp: " + e.getMessage());
        }
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(Transport.serverChannel())
                .handler(new AcceptErrorHandler("proxy " + name))
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel client) {
                        accept(client);
                    }
                })
                .bind(address)
                .awaitUninterruptibly();
        if (!bound.isSuccess()) {
            throw bindFailure(bound.cause());
        }
        listener = bound.channel();
        listen = ListenAddress.format((InetSocketAddress) listener.localAddress());
        enabled = true;
    }

    private ApiException bindFailure(Throwable cause) {
        String reason = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        boolean bindFailed = cause instanceof BindException || reason.startsWith("bind(..)");
        // Native epoll words errors as "bind(..) failed with error(-98): Address already in use".
        reason = reason.replaceFirst("^\\w+\\(\\.\\.\\) failed with error\\(-?\\d+\\): ", "");
        String op = bindFailed ? "bind: " : "";
        return new ApiException(500, "listen tcp " + listen + ": " + op + reason.toLowerCase(Locale.ROOT));
    }

    /** Closes the listener and drops every connection (clients see the sockets close). */
    void stop() {
        enabled = false;
        if (listener != null) {
            listener.close().awaitUninterruptibly();
            listener = null;
        }
        connections.forEach(Connection::close);
    }

    void setAddresses(String newListen, String newUpstream) {
        this.listen = newListen;
        this.upstream = newUpstream;
    }

    // ---- connections -----------------------------------------------------------------------

    private void accept(SocketChannel client) {
        Connection connection = new Connection(this, client);
        client.pipeline().addLast(new RelayHandler(connection, true));
        connections.add(connection);
        connection.counted();
        if (!enabled) {
            connection.close();
            return;
        }
        ListenAddress.HostPort target;
        try {
            target = ListenAddress.parse(upstream, false);
        } catch (ApiException e) {
            connection.close();
            return;
        }
        InetSocketAddress literal = ListenAddress.literal(target);
        if (literal != null) {
            dial(client, connection, literal);
            return;
        }
        // Resolved on every dial, as Toxiproxy does, so DNS changes are picked up; but off the
        // event loop, which carries many other connections (a slow answer used to stall them all).
        ListenAddress.resolveAsync(target, resolver).whenComplete((address, failure) -> client.eventLoop().execute(() -> {
            if (failure != null) {
                connection.close();
            } else {
                dial(client, connection, address);
            }
        }));
    }

    private void dial(SocketChannel client, Connection connection, InetSocketAddress target) {
        if (!client.isOpen()) {
            connection.close();
            return;
        }
        new Bootstrap()
                .group(client.eventLoop())
                .channel(client.getClass())
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, WATER_MARK)
                .handler(new RelayHandler(connection, false))
                .connect(target)
                .addListener((ChannelFuture connected) -> {
                    if (connected.isSuccess()) {
                        connection.start(connected.channel(), toxics());
                    } else {
                        // Upstream unreachable: the client sees accept then EOF, like Toxiproxy.
                        connection.close();
                    }
                });
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    // ---- toxics ----------------------------------------------------------------------------

    /** Upstream toxics first, then downstream, each in insertion order (Toxiproxy's order). */
    List<ToxicSpec> toxics() {
        List<ToxicSpec> ordered = new ArrayList<>(toxics);
        ordered.sort(Comparator.comparing((ToxicSpec t) -> t.direction() == Direction.DOWNSTREAM));
        return ordered;
    }

    Optional<ToxicSpec> toxic(String toxicName) {
        return toxics.stream().filter(t -> t.name().equals(toxicName)).findFirst();
    }

    void addToxic(ToxicSpec spec) {
        List<ToxicSpec> updated = new ArrayList<>(toxics);
        updated.add(spec);
        toxics = List.copyOf(updated);
        broadcast(connection -> connection.addToxic(spec));
    }

    void updateToxic(ToxicSpec spec) {
        List<ToxicSpec> updated = new ArrayList<>(toxics);
        updated.replaceAll(t -> t.name().equals(spec.name()) ? spec : t);
        toxics = List.copyOf(updated);
        broadcast(connection -> connection.updateToxic(spec));
    }

    void removeToxic(ToxicSpec spec) {
        List<ToxicSpec> updated = new ArrayList<>(toxics);
        updated.removeIf(t -> t.name().equals(spec.name()));
        toxics = List.copyOf(updated);
        broadcast(connection -> connection.removeToxic(spec));
    }

    /**
     * Applies a toxic change to every live connection and waits (at most {@link #APPLY_WAIT_MS}
     * in all) until it has, so that once the API answers, the next byte any existing connection
     * reads goes through the new chain. Without the wait a byte already readable when the change
     * was queued could still pass the old chain (seen on a loaded host: a client wrote right after
     * adding reset_peer and got its byte echoed).
     */
    private void broadcast(Consumer<Connection> change) {
        List<Future<?>> applied = new ArrayList<>();
        for (Connection connection : connections) {
            Future<?> done = connection.execute(change);
            if (!connection.onOwnThread()) {
                applied.add(done);
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(APPLY_WAIT_MS);
        for (Future<?> done : applied) {
            long leftNanos = deadline - System.nanoTime();
            if (leftNanos <= 0 || !done.awaitUninterruptibly(leftNanos, TimeUnit.NANOSECONDS)) {
                return; // a stalled event loop must not hold the API; the change still runs there
            }
        }
    }
}
