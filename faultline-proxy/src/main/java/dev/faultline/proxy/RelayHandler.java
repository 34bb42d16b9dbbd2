package dev.faultline.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;

/**
 * Sits on one socket of a connection (client side or server side) and feeds the two links that
 * touch it: bytes read go into {@code readLink}; a change of writability wakes {@code writeLink},
 * which writes to this socket. End of input (FIN) ends {@code readLink} without closing the
 * socket, so toxics such as slow_close decide when the peer sees the close.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final Connection connection;
    private final boolean clientSide;

    RelayHandler(Connection connection, boolean clientSide) {
        this.connection = connection;
        this.clientSide = clientSide;
    }

    private Link readLink() {
        return clientSide ? connection.upstream() : connection.downstream();
    }

    private Link writeLink() {
        return clientSide ? connection.downstream() : connection.upstream();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Link link = readLink();
        if (link == null) {
            if (clientSide) {
                connection.earlyRead((ByteBuf) msg);
            } else {
                ((ByteBuf) msg).release();
            }
            return;
        }
        link.onRead((ByteBuf) msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        Link link = readLink();
        if (link != null) {
            link.onReadComplete();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Link link = writeLink();
        if (link != null) {
            link.maybeRead();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            endOfInput(true);
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        endOfInput(false);
        connection.socketClosed();
    }

    private void endOfInput(boolean halfClosed) {
        Link link = readLink();
        if (link == null) {
            // Before the upstream is connected: a client that half-closed still gets its bytes
            // delivered; any other early end (e.g. the upstream socket) ends the connection.
            if (clientSide && halfClosed) {
                connection.earlyEnd();
            } else {
                connection.close();
            }
        } else {
            link.onSourceEnded();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A reset or a failed write: this connection cannot carry on; others are unaffected.
        connection.close();
    }
}
