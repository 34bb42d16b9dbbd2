package dev.faultline.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** The handlers of one API connection: idle timeout, HTTP codec with limits, aggregation, routes. */
final class ApiServerPipeline extends ChannelInitializer<SocketChannel> {

    /**
     * Longest request line. Proxy and toxic names are limited (see ProxyRegistry.MAX_NAME_BYTES) so
     * that the longest route, percent-escaped, always fits: every object can be deleted.
     */
    static final int MAX_REQUEST_LINE_BYTES = 8192;
    static final int MAX_HEADER_BYTES = 16384;
    static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final ApiRoutes routes;
    private final Executor workers;
    private final long idleTimeoutMs;

    ApiServerPipeline(ApiRoutes routes, Executor workers, long idleTimeoutMs) {
        this.routes = routes;
        this.workers = workers;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    @Override
    protected void initChannel(SocketChannel channel) {
        channel.pipeline().addLast(
                new IdleStateHandler(idleTimeoutMs, 0, 0, TimeUnit.MILLISECONDS),
                new HttpServerCodec(MAX_REQUEST_LINE_BYTES, MAX_HEADER_BYTES, 8192),
                new HttpServerKeepAliveHandler(),
                new JsonLimitAggregator(),
                new ApiHttpHandler(routes, workers));
    }

    /** Answers an oversized body with the API's JSON 413 (through the handler, in order) instead of Netty's empty one. */
    private static final class JsonLimitAggregator extends HttpObjectAggregator {
        JsonLimitAggregator() {
            super(MAX_BODY_BYTES);
        }

        @Override
        protected void handleOversizedMessage(ChannelHandlerContext ctx, io.netty.handler.codec.http.HttpMessage oversized) {
            ctx.fireUserEventTriggered(new ApiHttpHandler.BodyTooLarge(MAX_BODY_BYTES));
        }
    }
}
