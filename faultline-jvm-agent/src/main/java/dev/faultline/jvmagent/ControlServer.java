package dev.faultline.jvmagent;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control channel: a loopback-only TCP socket, one request per connection. The request is one
 * {@link WireRecord} line carrying {@code token} and {@code verb}; the reply is a status record,
 * then for {@code rules} one record per rule. Connections are served by a few worker threads, and
 * each must deliver its whole request line within {@link #REQUEST_DEADLINE_MS}, so a client that
 * connects and says nothing cannot keep {@code clear} from getting through. Rule changes are still
 * serialised: {@link RuleBook} is synchronised. Nothing here ever runs on the target's own threads.
 */
final class ControlServer implements AutoCloseable {
  /**
   * The control channel's version, reported by {@code ping}. 1: ping, add, rules, clear. 2: adds
   * {@code renew}, and the add fields {@code leaseMs} and {@code timeoutMs}. Requests of version 1
   * work unchanged.
   */
  static final int PROTOCOL = 2;
  /** The time a client has, from connecting, to send its whole request line. */
  static final int REQUEST_DEADLINE_MS = 1_000;
  private static final int MAX_LINE = 64 * 1024;
  /** Enough to serve a request while a few silent connections run out their deadline. */
  private static final int WORKERS = 4;
  /** Connections waiting for a worker; beyond this they are closed at once. */
  private static final int QUEUED = 32;

  private final ServerSocket socket;
  private final RuleBook rules;
  private final byte[] token;
  private final ThreadPoolExecutor workers;

  private ControlServer(ServerSocket socket, RuleBook rules, String token) {
    this.socket = socket;
    this.rules = rules;
    this.token = token.getBytes(StandardCharsets.UTF_8);
    AtomicInteger n = new AtomicInteger();
    this.workers = new ThreadPoolExecutor(WORKERS, WORKERS, 0, TimeUnit.MILLISECONDS,
        new ArrayBlockingQueue<>(QUEUED), r -> {
          Thread t = new Thread(r, "faultline-agent-control-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  static ControlServer start(RuleBook rules, String token) throws IOException {
    ServerSocket s = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    ControlServer server = new ControlServer(s, rules, token);
    Thread t = new Thread(server::acceptLoop, "faultline-agent-control");
    t.setDaemon(true);
    t.start();
    return server;
  }

  int port() {
    return socket.getLocalPort();
  }

  /** Stops listening and ends the worker threads; requests in progress may be cut off. */
  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing a listening socket that failed to close leaves nothing more to do
    }
    workers.shutdownNow();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      Socket client;
      try {
        client = socket.accept();
      } catch (IOException e) {
        continue; // closed (the loop ends) or one failed accept: keep listening
      }
      try {
        long acceptedNanos = System.nanoTime();
        workers.execute(() -> serve(client, acceptedNanos));
      } catch (RejectedExecutionException e) {
        closeQuietly(client); // flooded: drop this one rather than queue without bound
      }
    }
  }

  private void serve(Socket client, long acceptedNanos) {
    try (client) {
      handle(client, acceptedNanos);
    } catch (IOException | RuntimeException e) {
      // one bad connection must not stop the channel; the client sees its connection drop
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // nothing to tell a client we are turning away
    }
  }

  private void handle(Socket client, long acceptedNanos) throws IOException {
    Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
    List<WireRecord> reply;
    try {
      String line = readRequestLine(client);
      reply = respond(WireRecord.decode(line), acceptedNanos);
    } catch (SocketTimeoutException e) {
      reply = error("no complete request line within " + REQUEST_DEADLINE_MS + " ms");
    } catch (IllegalArgumentException e) {
      reply = error("malformed request: " + e.getMessage());
    } catch (Throwable t) {
      reply = error("the agent failed: " + t);
    }
    for (WireRecord r : reply) {
      out.write(r.encode());
      out.write('\n');
    }
    out.flush();
  }

  /**
   * Reads up to the first newline, all of it within {@link #REQUEST_DEADLINE_MS} of now: the read
   * timeout shrinks before every read, so a client trickling bytes cannot stretch it.
   */
  private static String readRequestLine(Socket client) throws IOException {
    InputStream in = client.getInputStream();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(REQUEST_DEADLINE_MS);
    while (true) {
      long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (leftMs <= 0) {
        throw new SocketTimeoutException("request deadline passed");
      }
      client.setSoTimeout((int) leftMs);
      int n = in.read(buf);
      if (n == -1) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buf[i] == '\n') {
          line.write(buf, 0, i);
          return line.toString(StandardCharsets.UTF_8);
        }
      }
      line.write(buf, 0, n);
      if (line.size() > MAX_LINE) {
        throw new IllegalArgumentException("request longer than " + MAX_LINE + " bytes");
      }
    }
    return line.toString(StandardCharsets.UTF_8);
  }

  private List<WireRecord> respond(WireRecord request, long acceptedNanos) {
    byte[] given = request.get("token", "").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      return error("wrong or missing token");
    }
    String verb = request.get("verb", "");
    switch (verb) {
      case "ping":
        return single(ok().with("pid", ProcessHandle.current().pid())
            .with("javaVersion", System.getProperty("java.version"))
            .with("rules", rules.list().size())
            .with("protocol", PROTOCOL));
      case "add":
        return add(request, acceptedNanos);
      case "renew":
        return renew(request);
      case "rules": {
        List<WireRecord> out = new ArrayList<>();
        List<Rule> all = rules.list();
        out.add(ok().with("count", all.size()));
        for (Rule r : all) {
          out.add(r.view());
        }
        return out;
      }
      case "clear":
        return clear(request);
      default:
        return error("unknown verb '" + RuleRequest.abbreviate(verb) + "'; expected ping, add, rules, renew or clear");
    }
  }

  private List<WireRecord> add(WireRecord request, long acceptedNanos) {
    try {
      RuleRequest r = RuleRequest.from(request);
      long deadline = r.timeoutMs > 0 ? acceptedNanos + r.timeoutMs * 1_000_000 : Long.MAX_VALUE;
      Rule rule = rules.add(r, deadline);
      WireRecord ok = ok().with("id", rule.id).with("target", rule.target()).with("effect", rule.effect())
          .with("classes", rule.instrumentedClasses());
      SkippedClasses skipped = rule.skipped();
      if (skipped.count() > 0) {
        ok.with("skipped", skipped.count()).with("skippedExamples", skipped.examples());
      }
      return single(ok);
    } catch (RuleRefusedException e) {
      return error(e.getMessage());
    }
  }

  private List<WireRecord> renew(WireRecord request) {
    try {
      int id = ruleId(request.get("id"));
      return single(ok().with("id", id).with("expiresInMs", rules.renew(id)));
    } catch (RuleRefusedException e) {
      return error(e.getMessage());
    }
  }

  /** The {@code id} field as a rule number. */
  private static int ruleId(String id) throws RuleRefusedException {
    if (id == null) {
      throw new RuleRefusedException("missing field 'id': the rule to act on");
    }
    try {
      return Integer.parseInt(id);
    } catch (NumberFormatException e) {
      throw new RuleRefusedException("rule id '" + RuleRequest.abbreviate(id) + "' is not a number");
    }
  }

  private List<WireRecord> clear(WireRecord request) {
    String id = request.get("id");
    if (id == null) {
      List<Integer> ids = rules.clearAll();
      StringBuilder sb = new StringBuilder();
      for (int i : ids) {
        sb.append(sb.length() == 0 ? "" : ",").append(i);
      }
      return single(ok().with("cleared", sb.toString()));
    }
    try {
      int n = ruleId(id);
      rules.clear(n);
      return single(ok().with("cleared", n));
    } catch (RuleRefusedException e) {
      return error(e.getMessage());
    }
  }

  private static WireRecord ok() {
    return WireRecord.create().with("status", "ok");
  }

  private static List<WireRecord> error(String message) {
    return single(WireRecord.create().with("status", "error").with("message", message));
  }

  private static List<WireRecord> single(WireRecord r) {
    List<WireRecord> l = new ArrayList<>();
    l.add(r);
    return l;
  }
}
