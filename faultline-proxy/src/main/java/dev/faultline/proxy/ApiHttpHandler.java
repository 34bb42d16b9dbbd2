package dev.faultline.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** Adapts Netty's HTTP messages to {@link ApiRoutes}; runs on the API's own event loop. */
final class ApiHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ApiRoutes routes;

    ApiHttpHandler(ApiRoutes routes) {
        this.routes = routes;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String remote = ctx.channel().remoteAddress() instanceof InetSocketAddress address
                ? ListenAddress.format(address) : String.valueOf(ctx.channel().remoteAddress());
        ApiRequest apiRequest = new ApiRequest(
                request.method().name(),
                new QueryStringDecoder(request.uri()).rawPath(),
                name -> request.headers().get(name),
                request.content().toString(StandardCharsets.UTF_8),
                remote);
        ApiResponse answer = routes.handle(apiRequest);
        FullHttpResponse response = new DefaultFullHttpResponse(request.protocolVersion(),
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        if (answer.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        answer.headers().forEach((name, value) -> response.headers().set(name, value));
        HttpUtil.setContentLength(response, answer.body().length);
        HttpUtil.setKeepAlive(response, HttpUtil.isKeepAlive(request));
        ctx.writeAndFlush(response);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
