package dev.faultline.jvmagent;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The control channel: a loopback-only TCP socket, one request per connection. The request is one
 * {@link WireRecord} line carrying {@code token} and {@code verb}; the reply is a status record,
 * then for {@code rules} one record per rule. Requests are served one at a time, so rule changes
 * never interleave. A misbehaving client can delay the channel (10 s read timeout) but never the
 * target's own threads.
 */
final class ControlServer {
  private static final int READ_TIMEOUT_MS = 10_000;
  private static final int MAX_LINE = 64 * 1024;

  private final ServerSocket socket;
  private final RuleBook rules;
  private final byte[] token;

  private ControlServer(ServerSocket socket, RuleBook rules, String token) {
    this.socket = socket;
    this.rules = rules;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  static ControlServer start(RuleBook rules, String token) throws IOException {
    ServerSocket s = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    ControlServer server = new ControlServer(s, rules, token);
    Thread t = new Thread(server::serve, "faultline-agent-control");
    t.setDaemon(true);
    t.start();
    return server;
  }

  int port() {
    return socket.getLocalPort();
  }

  private void serve() {
    while (!socket.isClosed()) {
      try (Socket client = socket.accept()) {
        client.setSoTimeout(READ_TIMEOUT_MS);
        handle(client);
      } catch (IOException | RuntimeException e) {
        // one bad connection must not stop the channel; the client sees its connection drop
      }
    }
  }

  private void handle(Socket client) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8));
    Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.UTF_8);
    List<WireRecord> reply;
    try {
      String line = readLine(in);
      reply = respond(WireRecord.decode(line));
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

  private static String readLine(BufferedReader in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int c;
    while ((c = in.read()) != -1 && c != '\n') {
      if (sb.length() >= MAX_LINE) {
        throw new IllegalArgumentException("request longer than " + MAX_LINE + " characters");
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  private List<WireRecord> respond(WireRecord request) {
    byte[] given = request.get("token", "").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      return error("wrong or missing token");
    }
    String verb = request.get("verb", "");
    switch (verb) {
      case "ping":
        return single(ok().with("pid", ProcessHandle.current().pid())
            .with("javaVersion", System.getProperty("java.version"))
            .with("rules", rules.list().size()));
      case "add":
        return add(request);
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
        return error("unknown verb '" + verb + "'; expected ping, add, rules or clear");
    }
  }

  private List<WireRecord> add(WireRecord request) {
    try {
      Rule rule = rules.add(RuleRequest.from(request));
      return single(ok().with("id", rule.id).with("target", rule.target()).with("effect", rule.effect())
          .with("classes", rule.instrumentedClasses()));
    } catch (RuleRefusedException e) {
      return error(e.getMessage());
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
    int n;
    try {
      n = Integer.parseInt(id);
    } catch (NumberFormatException e) {
      return error("rule id '" + id + "' is not a number");
    }
    return rules.clear(n) ? single(ok().with("cleared", n)) : error("no rule " + n + " in this JVM");
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
