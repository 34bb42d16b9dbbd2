package dev.faultline.proxy;

import java.util.function.Function;

/** An HTTP request as the API routes see it, independent of the HTTP server carrying it. */
record ApiRequest(String method, String path, Function<String, String> header, String body, String remoteAddress) {
}
