package dev.faultline.jvmagent;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The control channel: a loopback-only TCP socket, one request per connection. The request is one
 * {@link WireRecord} line carrying {@code token} and {@code verb}; the reply is a status record,
 * then for {@code rules} one record per rule.
 *
 * <p>Built to keep answering {@code clear} and {@code rules} while any local user floods the port
 * (issue 9): one selector thread accepts and reads every connection without blocking, so idle or
 * trickling connections cost no thread. A connection must deliver its whole request line within
 * {@link #REQUEST_DEADLINE_MS} and no longer than {@link #MAX_LINE} bytes, and its token is checked
 * on that thread: anything unauthenticated is answered with an error and closed there, and never
 * reaches a worker. Connections still sending are bounded per peer address and in total; at a
 * bound the oldest one still sending is dropped, so a new client always gets in. Authenticated
 * requests run in separate lanes, so a slow add never holds up the others: {@code clear} has its
 * own reserved worker, {@code rules}, {@code renew} and {@code ping} theirs, {@code add} its own.
 * Nothing here ever runs on the target's own threads.
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
  /** The longest request line; longer is refused (a rule request is well under 1 KiB). */
  static final int MAX_LINE = 16 * 1024;
  /** Connections still sending their request, from one peer address and in total. */
  static final int MAX_PENDING_PER_PEER = 256;
  static final int MAX_PENDING = 512;
  /** How long a worker keeps trying to hand a reply to a client that does not read it. */
  private static final long WRITE_DEADLINE_MS = 5_000;

  private final ServerSocketChannel server;
  private final Selector selector;
  private final RuleBook rules;
  private final byte[] token;
  private final Lane quick = new Lane("query", 2, 64);
  private final Lane clears = new Lane("clear", 1, 64);
  private final Lane adds = new Lane("add", 1, 16);
  /** Connections still sending, oldest first. Selector thread only. */
  private final LinkedHashMap<SocketChannel, Pending> pending = new LinkedHashMap<>();
  private final Map<InetAddress, ArrayDeque<Pending>> byPeer = new HashMap<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocate(8192);
  private volatile boolean closed;

  private ControlServer(ServerSocketChannel server, Selector selector, RuleBook rules, String token) {
    this.server = server;
    this.selector = selector;
    this.rules = rules;
    this.token = token.getBytes(StandardCharsets.UTF_8);
  }

  static ControlServer start(RuleBook rules, String token) throws IOException {
    ServerSocketChannel s = ServerSocketChannel.open();
    Selector selector = Selector.open();
    try {
      // A deep backlog: a flood of connects must not push a real client into SYN retries (seconds).
      s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
      s.configureBlocking(false);
      s.register(selector, SelectionKey.OP_ACCEPT);
    } catch (IOException | RuntimeException e) {
      s.close();
      selector.close();
      throw e;
    }
    ControlServer server = new ControlServer(s, selector, rules, token);
    Thread t = new Thread(server::selectLoop, "faultline-agent-control");
    t.setDaemon(true);
    t.start();
    return server;
  }

  int port() {
    return server.socket().getLocalPort();
  }

  /** Stops listening and ends the worker threads; requests in progress may be cut off. */
  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      selector.close();
    } catch (IOException ignored) {
      // closing what failed to close leaves nothing more to do
    }
    quick.pool.shutdownNow();
    clears.pool.shutdownNow();
    adds.pool.shutdownNow();
  }

  /** A connection still sending its request line. */
  private static final class Pending {
    final SocketChannel channel;
    final InetAddress peer;
    final long acceptedNanos;
    final ByteArrayOutputStream line = new ByteArrayOutputStream(256);

    Pending(SocketChannel channel, InetAddress peer, long acceptedNanos) {
      this.channel = channel;
      this.peer = peer;
      this.acceptedNanos = acceptedNanos;
    }
  }

  /** A few workers with a bounded queue, for one kind of request. */
  private static final class Lane {
    final String name;
    final ThreadPoolExecutor pool;

    Lane(String name, int threads, int queued) {
      this.name = name;
      AtomicInteger n = new AtomicInteger();
      this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(queued),
          r -> {
            Thread t = new Thread(r, "faultline-agent-" + name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
          });
    }
  }

  private void selectLoop() {
    while (!closed) {
      try {
        selector.select(nextWakeMs());
        Iterator<SelectionKey> it = selector.selectedKeys().iterator();
        while (it.hasNext()) {
          SelectionKey key = it.next();
          it.remove();
          if (!key.isValid()) {
            continue;
          }
          if (key.isAcceptable()) {
            acceptAll();
          } else if (key.isReadable()) {
            read(key);
          }
        }
        expireSlow();
      } catch (ClosedSelectorException e) {
        return;
      } catch (IOException | RuntimeException e) {
        // One failure (e.g. out of file descriptors at accept) must not end the channel; back off a little.
        pause();
      } catch (OutOfMemoryError e) {
        dropAllPending(); // the target is short of heap: let go of every buffered request, keep serving
        pause();
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
    }
  }

  /** Until the oldest pending connection's deadline, at most 100 ms, at least 1. */
  private long nextWakeMs() {
    Iterator<Pending> it = pending.values().iterator();
    if (!it.hasNext()) {
      return 0; // no deadline to watch: block until something happens
    }
    long leftNanos = it.next().acceptedNanos + TimeUnit.MILLISECONDS.toNanos(REQUEST_DEADLINE_MS) - System.nanoTime();
    return Math.max(1, Math.min(100, TimeUnit.NANOSECONDS.toMillis(leftNanos) + 1));
  }

  private void acceptAll() throws IOException {
    for (int i = 0; i < 32; i++) { // a small batch: reads of earlier connections come before more accepts
      SocketChannel c = server.accept();
      if (c == null) {
        return;
      }
      long now = System.nanoTime();
      InetAddress peer;
      try {
        c.configureBlocking(false);
        SocketAddress remote = c.getRemoteAddress();
        peer = remote instanceof InetSocketAddress ? ((InetSocketAddress) remote).getAddress() : null;
        c.register(selector, SelectionKey.OP_READ);
      } catch (IOException e) {
        closeQuietly(c);
        continue;
      }
      ArrayDeque<Pending> mine = byPeer.computeIfAbsent(peer, k -> new ArrayDeque<>());
      if (mine.size() >= MAX_PENDING_PER_PEER) {
        drop(mine.peekFirst());
      }
      if (pending.size() >= MAX_PENDING) {
        drop(pending.values().iterator().next());
      }
      Pending p = new Pending(c, peer, now);
      pending.put(c, p);
      byPeer.computeIfAbsent(peer, k -> new ArrayDeque<>()).addLast(p);
      // A real client sends its line right after connecting: read it now, before more accepts can
      // push it out as the oldest connection still sending.
      read(c.keyFor(selector));
    }
  }

  private void read(SelectionKey key) {
    if (key == null || !key.isValid()) {
      return;
    }
    SocketChannel c = (SocketChannel) key.channel();
    Pending p = pending.get(c);
    if (p == null) {
      key.cancel();
      closeQuietly(c);
      return;
    }
    for (int round = 0; round < 8; round++) { // bounded per wake-up: one fast sender cannot starve the rest
      readBuffer.clear();
      int n;
      try {
        n = c.read(readBuffer);
      } catch (IOException e) {
        drop(p);
        return;
      }
      if (n == 0) {
        return;
      }
      if (n < 0) {
        // End of input: what arrived is the request (clients half-close after their line).
        complete(p, p.line.toByteArray());
        return;
      }
      byte[] b = readBuffer.array();
      for (int i = 0; i < n; i++) {
        if (b[i] == '\n') {
          p.line.write(b, 0, i);
          complete(p, p.line.toByteArray());
          return;
        }
      }
      p.line.write(b, 0, n);
      if (p.line.size() > MAX_LINE) {
        answerAndClose(p, error("request longer than " + MAX_LINE + " bytes"));
        return;
      }
    }
  }

  /** Drops connections that missed their deadline, telling them why. */
  private void expireSlow() {
    long now = System.nanoTime();
    long deadline = TimeUnit.MILLISECONDS.toNanos(REQUEST_DEADLINE_MS);
    List<Pending> late = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (now - p.acceptedNanos < deadline) {
        break; // oldest first: the rest are younger
      }
      late.add(p);
    }
    for (Pending p : late) {
      answerAndClose(p, error("no complete request line within " + REQUEST_DEADLINE_MS + " ms"));
    }
  }

  /** A whole request line arrived: authenticate here, then hand it to its lane. */
  private void complete(Pending p, byte[] bytes) {
    forget(p);
    WireRecord request;
    try {
      request = WireRecord.decode(decodeUtf8(bytes));
    } catch (IllegalArgumentException e) {
      answerAndClose(p, error("malformed request: " + RuleRequest.abbreviate(e.getMessage())));
      return;
    }
    byte[] given = request.get("token", "").getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(given, token)) {
      answerAndClose(p, error("wrong or missing token"));
      return;
    }
    String verb = request.get("verb", "");
    Lane lane = verb.equals("add") ? adds : verb.equals("clear") ? clears : quick;
    SelectionKey key = p.channel.keyFor(selector);
    if (key != null) {
      key.cancel(); // the worker owns the channel now
    }
    try {
      lane.pool.execute(() -> serve(p, request));
    } catch (RejectedExecutionException e) {
      answerAndClose(p, error("the agent is busy: too many " + lane.name + " requests waiting; try again"));
    }
  }

  /** Strict UTF-8: a request with malformed bytes is refused, not read with replacement characters. */
  private static String decodeUtf8(byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException("the request is not valid UTF-8");
    }
  }

  private void serve(Pending p, WireRecord request) {
    List<WireRecord> reply;
    try {
      reply = respond(request, p.acceptedNanos);
    } catch (Throwable t) {
      reply = error("the agent failed: " + t);
    }
    write(p.channel, reply, WRITE_DEADLINE_MS);
    closeQuietly(p.channel);
  }

  private void answerAndClose(Pending p, List<WireRecord> reply) {
    forget(p);
    write(p.channel, reply, 0); // selector thread: one non-blocking attempt, never wait for a slow reader
    closeQuietly(p.channel);
  }

  private void drop(Pending p) {
    if (p != null) {
      forget(p);
      closeQuietly(p.channel);
    }
  }

  private void dropAllPending() {
    for (Pending p : new ArrayList<>(pending.values())) {
      drop(p);
    }
  }

  private void forget(Pending p) {
    if (pending.remove(p.channel) != null) {
      ArrayDeque<Pending> mine = byPeer.get(p.peer);
      if (mine != null) {
        mine.remove(p);
        if (mine.isEmpty()) {
          byPeer.remove(p.peer);
        }
      }
    }
  }

  /** Writes the reply to a non-blocking channel, retrying for up to {@code deadlineMs}. */
  private static void write(SocketChannel c, List<WireRecord> reply, long deadlineMs) {
    StringBuilder sb = new StringBuilder();
    for (WireRecord r : reply) {
      sb.append(r.encode()).append('\n');
    }
    ByteBuffer out = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    try {
      while (out.hasRemaining()) {
        if (c.write(out) == 0) {
          if (System.nanoTime() - end >= 0) {
            return;
          }
          Thread.sleep(1);
        }
      }
    } catch (IOException e) {
      // the client went away; nothing to tell it
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(SocketChannel c) {
    try {
      c.close();
    } catch (IOException ignored) {
      // nothing to tell a client we are turning away
    }
  }

  private List<WireRecord> respond(WireRecord request, long acceptedNanos) {
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
