package dev.faultline.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Adapts Netty's HTTP messages to {@link ApiRoutes}. Requests are decoded on the API's event loop
 * and handled on the API workers (a handler may wait for a DNS answer or a bind), one request of a
 * connection after the other so pipelined answers keep their order. Malformed HTTP gets a JSON
 * error and a close, never a silently dropped connection.
 */
final class ApiHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    /** Fired by {@link ApiServerPipeline}'s aggregator when a body exceeds the limit. */
    record BodyTooLarge(long limitBytes) {
    }

    private final ApiRoutes routes;
    private final Executor workers;
    /** The last request of this connection in flight; confined to the channel's event loop. */
    private CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);

    ApiHttpHandler(ApiRoutes routes, Executor workers) {
        this.routes = routes;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        DecoderResult decoded = request.decoderResult();
        if (decoded.isFailure()) {
            answerThenClose(ctx, malformed(decoded.cause()));
            return;
        }
        HttpVersion requested = request.protocolVersion();
        if (!requested.equals(HttpVersion.HTTP_1_1) && !requested.equals(HttpVersion.HTTP_1_0)) {
            // Netty accepts any HTTP/x.y and would echo it in the status line; answer in HTTP/1.1.
            answerThenClose(ctx, ApiResponse.error(new ApiException(505, "HTTP version not supported: "
                    + shorten(requested.text()) + " (expected HTTP/1.1 or HTTP/1.0)")));
            return;
        }
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? ListenAddress.format(address) : String.valueOf(ctx.channel().remoteAddress());
        var headers = request.headers().copy();
        ApiRequest apiRequest = new ApiRequest(
                request.method().name(),
                new QueryStringDecoder(request.uri()).rawPath(),
                headers::get,
                request.content().toString(StandardCharsets.UTF_8),
                remote);
        HttpVersion version = request.protocolVersion();
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        chain(ctx, () -> write(ctx, version, routes.handle(apiRequest), keepAlive));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof BodyTooLarge tooLarge) {
            answerThenClose(ctx, ApiResponse.error(new ApiException(413,
                    "request body too large: the limit is " + tooLarge.limitBytes() + " bytes")));
        } else if (event instanceof IdleStateEvent) {
            // Idle keep-alive or a request that stopped half-way: free the socket, unless we owe an answer.
            if (previous.isDone()) {
                ctx.close();
            }
        } else {
            super.userEventTriggered(ctx, event);
        }
    }

    private void answerThenClose(ChannelHandlerContext ctx, ApiResponse answer) {
        ctx.channel().config().setAutoRead(false);
        chain(ctx, () -> write(ctx, HttpVersion.HTTP_1_1, answer, false));
    }

    private static ApiResponse malformed(Throwable cause) {
        if (cause instanceof TooLongHttpLineException) {
            return ApiResponse.error(new ApiException(414, "request line too long: the limit is "
                    + ApiServerPipeline.MAX_REQUEST_LINE_BYTES + " bytes"));
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return ApiResponse.error(new ApiException(431, "request headers too large: the limit is "
                    + ApiServerPipeline.MAX_HEADER_BYTES + " bytes"));
        }
        if (cause instanceof TooLongFrameException) {
            return ApiResponse.error(new ApiException(400, "malformed HTTP request: a part is too long"));
        }
        String reason = cause == null || cause.getMessage() == null ? "unreadable" : cause.getMessage();
        if (reason.length() > 200) {
            reason = reason.substring(0, 200) + "...";
        }
        return ApiResponse.error(new ApiException(400, "malformed HTTP request: " + reason));
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    /** Runs {@code step} on a worker after this connection's previous request. */
    private void chain(ChannelHandlerContext ctx, Runnable step) {
        previous = previous.thenRunAsync(step, workers).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RejectedExecutionException) {
                write(ctx, HttpVersion.HTTP_1_1, ApiResponse.error(new ApiException(503,
                        "the API is overloaded: too many requests waiting; try again")), false);
            } else {
                ctx.close();
            }
            return null;
        });
    }

    private static void write(ChannelHandlerContext ctx, HttpVersion version, ApiResponse answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(version,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        if (answer.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        HttpUtil.setContentLength(response, answer.body().length);
        HttpUtil.setKeepAlive(response, keepAlive);
        var written = ctx.writeAndFlush(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
