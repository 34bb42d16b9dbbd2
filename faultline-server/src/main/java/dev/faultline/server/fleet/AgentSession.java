package dev.faultline.server.fleet;

import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Protocol;
import dev.faultline.server.auth.Actor;
import io.javalin.websocket.WsContext;
import java.util.ArrayDeque;
import java.util.Queue;
import org.eclipse.jetty.websocket.api.Callback;

/**
 * One agent connection. Sends are queued and written one at a time (a WebSocket allows one write
 * in flight), never blocking the caller: a halt reaches thousands of agents without waiting for
 * any one of them.
 */
final class AgentSession {
  /** Messages queued beyond this mean the agent does not read: it is disconnected. */
  static final int MAX_QUEUED = 10_000;

  final WsContext ctx;
  volatile Actor actor;
  volatile AgentRecord record;
  volatile boolean closed;
  volatile long lastHeardMs = System.currentTimeMillis();
  private final Queue<Object> queue = new ArrayDeque<>();
  private boolean writing;

  AgentSession(WsContext ctx) {
    this.ctx = ctx;
  }

  String remote() {
    try {
      return String.valueOf(ctx.session.getRemoteSocketAddress()).replaceFirst("^/", "");
    } catch (RuntimeException e) {
      return "?";
    }
  }

  void send(Message m) {
    enqueue(Protocol.encode(m));
  }

  /** Sends a frame already encoded (a halt or heartbeat to every agent is encoded once). */
  void sendEncoded(String frame) {
    enqueue(frame);
  }

  /** Sends {@code m}, then closes with {@code code} once it is written (or failed). */
  void sendThenClose(Message m, int code, String reason) {
    enqueue(Protocol.encode(m));
    enqueue((Runnable) () -> close(code, reason));
  }

  private void enqueue(Object text) {
    synchronized (this) {
      if (closed) {
        return;
      }
      if (queue.size() >= MAX_QUEUED) {
        closed = true;
        close(Protocol.CLOSE_SHUTDOWN, "not reading");
        return;
      }
      queue.add(text);
      if (writing) {
        return;
      }
      writing = true;
    }
    writeNext();
  }

  private void writeNext() {
    Object item;
    synchronized (this) {
      item = queue.poll();
      if (item == null) {
        writing = false;
        return;
      }
    }
    if (item instanceof Runnable r) {
      r.run();
      writeNext();
      return;
    }
    String next = (String) item;
    try {
      ctx.session.sendText(next, Callback.from(this::writeNext, e -> {
        synchronized (this) {
          queue.clear();
          writing = false;
        }
      }));
    } catch (RuntimeException e) {
      synchronized (this) {
        queue.clear();
        writing = false;
      }
    }
  }

  void close(int code, String reason) {
    try {
      ctx.session.close(code, reason, Callback.NOOP);
    } catch (RuntimeException e) {
      // Already closed.
    }
  }
}
