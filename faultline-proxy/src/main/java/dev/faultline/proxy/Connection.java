package dev.faultline.proxy;

import dev.faultline.proxy.toxic.Direction;
import dev.faultline.proxy.toxic.ToxicSpec;
import dev.faultline.proxy.toxic.ToxicType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * One proxied TCP connection: the accepted client socket, the socket to the upstream, and a
 * {@link Link} per direction. The upstream socket shares the client socket's event loop, so all
 * state here is confined to that thread; other threads hand work over with {@link #execute}.
 */
final class Connection {

    private final ProxyInstance proxy;
    private final Channel client;
    private Channel server;
    private Link upstream;
    private Link downstream;
    private boolean closed;
    private boolean counted;
    /**
     * What the client sent before the upstream socket was connected. AUTO_READ is off, but epoll
     * still reads a socket whose peer half-closed (EPOLLRDHUP), so a client that writes and
     * shuts down its output at once has its bytes read here before the links exist.
     */
    private final ArrayDeque<ByteBuf> earlyData = new ArrayDeque<>();
    private boolean earlyEnd;

    Connection(ProxyInstance proxy, Channel client) {
        this.proxy = proxy;
        this.client = client;
    }

    ProxyMetrics metrics() {
        return proxy.metrics();
    }

    Link upstream() {
        return upstream;
    }

    Link downstream() {
        return downstream;
    }

    /** Both sockets are connected: build the links from the proxy's toxics and start reading. */
    void start(Channel connectedServer, List<ToxicSpec> toxics) {
        this.server = connectedServer;
        if (closed) {
            server.close();
            return;
        }
        if (toxics.stream().anyMatch(t -> t.type() == ToxicType.RESET_PEER)) {
            // As Toxiproxy's link.Start: armed whenever a reset_peer exists, regardless of toxicity.
            client.config().setOption(ChannelOption.SO_LINGER, 0);
            server.config().setOption(ChannelOption.SO_LINGER, 0);
        }
        SpliceSocket clientSplice = SpliceSocket.of(client);
        SpliceSocket serverSplice = SpliceSocket.of(server);
        upstream = new Link(Direction.UPSTREAM, client, server, this, metrics().counters(Direction.UPSTREAM),
                clientSplice, serverSplice);
        downstream = new Link(Direction.DOWNSTREAM, server, client, this, metrics().counters(Direction.DOWNSTREAM),
                serverSplice, clientSplice);
        for (ToxicSpec spec : toxics) {
            linkFor(spec.direction()).addToxic(spec);
        }
        ByteBuf chunk;
        while ((chunk = earlyData.poll()) != null) {
            upstream.onRead(chunk);
        }
        if (earlyEnd) {
            // Ended before asking for another read: epoll refuses to arm a read on a socket whose
            // input is already shut down, and that failure would close the connection.
            upstream.onSourceEnded();
        } else {
            upstream.onReadComplete();
        }
        upstream.maybeRead();
        downstream.maybeRead();
    }

    private Link linkFor(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    /** Bytes the client sent before the links exist: kept until {@link #start}. */
    void earlyRead(ByteBuf chunk) {
        if (closed) {
            chunk.release();
            return;
        }
        earlyData.add(chunk);
    }

    /** The client ended its output before the links exist: passed on after the early bytes. */
    void earlyEnd() {
        earlyEnd = true;
    }

    /** Runs a toxic change on this connection's thread once its links exist; done when it has run. */
    Future<?> execute(Consumer<Connection> change) {
        return client.eventLoop().submit(() -> {
            if (!closed && upstream != null) {
                change.accept(this);
            }
        });
    }

    /** Whether the calling thread is this connection's event loop (it must not wait for itself). */
    boolean onOwnThread() {
        return client.eventLoop().inEventLoop();
    }

    void addToxic(ToxicSpec spec) {
        linkFor(spec.direction()).addToxic(spec);
    }

    void updateToxic(ToxicSpec spec) {
        linkFor(spec.direction()).updateToxic(spec);
    }

    void removeToxic(ToxicSpec spec) {
        linkFor(spec.direction()).removeToxic(spec.name());
    }

    /** Called when the connection is registered with its proxy. */
    void counted() {
        counted = true;
        metrics().connectionOpened();
    }

    /** Closes both sockets (thread-safe) and releases held data. */
    void close() {
        if (!client.eventLoop().inEventLoop()) {
            client.eventLoop().execute(this::close);
            return;
        }
        if (closed) {
            return;
        }
        closed = true;
        if (upstream != null) {
            // Before the sockets close: the splice poller's entries go while the fds are still ours.
            upstream.dispose();
            downstream.dispose();
        }
        client.close();
        if (server != null) {
            server.close();
        }
        earlyData.forEach(ByteBuf::release);
        earlyData.clear();
        proxy.forget(this);
        if (counted) {
            metrics().connectionClosed();
        }
    }

    /** A socket closed; once both are, the connection is over. */
    void socketClosed() {
        if (!client.isActive() && (server == null || !server.isActive())) {
            close();
        }
    }
}
