package dev.faultline.server.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes a {@code text/event-stream} response on the request's own thread. Written by hand rather
 * than with Javalin's SSE helper, which answers only clients that send {@code Accept:
 * text/event-stream}; this stream serves any client (curl included) the same way.
 */
final class SseWriter {
  private final OutputStream out;
  private boolean closed;

  SseWriter(Context ctx) throws IOException {
    ctx.status(200);
    ctx.res().setContentType("text/event-stream");
    ctx.res().setCharacterEncoding("UTF-8");
    ctx.res().setHeader("Cache-Control", "no-cache");
    ctx.res().setHeader("X-Accel-Buffering", "no");
    this.out = ctx.res().getOutputStream();
    out.flush();
  }

  /** Sends one event; false when the client has gone. {@code data} must be one line (JSON is). */
  boolean event(String name, String data, String id) {
    StringBuilder b = new StringBuilder();
    if (id != null) {
      b.append("id: ").append(id).append('\n');
    }
    b.append("event: ").append(name).append('\n');
    for (String line : data.split("\n", -1)) {
      b.append("data: ").append(line).append('\n');
    }
    return write(b.append('\n').toString());
  }

  /** Sends a comment line (keeps proxies from closing an idle stream); false when the client has gone. */
  boolean comment(String text) {
    return write(": " + text + "\n\n");
  }

  boolean closed() {
    return closed;
  }

  private boolean write(String s) {
    if (closed) {
      return false;
    }
    try {
      out.write(s.getBytes(StandardCharsets.UTF_8));
      out.flush();
      return true;
    } catch (IOException clientGone) {
      closed = true;
      return false;
    }
  }
}
