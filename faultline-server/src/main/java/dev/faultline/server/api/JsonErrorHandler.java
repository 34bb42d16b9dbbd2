package dev.faultline.server.api;

import dev.faultline.server.Json;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's own error answers (requests it rejects before any route sees them: an illegal URI, a bad
 * header) as the same JSON errors the API gives, never an HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
      Callback callback) {
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
    // Jetty drops the connection after a request it could not parse: say so, so clients do not reuse it.
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    response.write(true, ByteBuffer.wrap(body(code, message)), callback);
  }

  private static byte[] body(int code, String message) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", code == 400 ? "bad_request" : "http_" + code);
    m.put("message", "the HTTP server refused the request (" + code + (message == null ? "" : " " + message)
        + "); check the URI and headers");
    return Json.write(m).getBytes(StandardCharsets.UTF_8);
  }
}
