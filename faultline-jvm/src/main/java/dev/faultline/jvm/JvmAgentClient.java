package dev.faultline.jvm;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Speaks the agent's control channel (loopback TCP, one request per connection, token
 * authenticated) for one target JVM. {@link #forPid} attaches the agent first when it is not there.
 */
public final class JvmAgentClient {
  private static final int TIMEOUT_MS = 30_000;
  private static final int CONNECT_TIMEOUT_MS = 10_000;
  /** Tries for requests that are safe to send again. */
  private static final int ATTEMPTS = 4;
  /**
   * How long an add may take in the agent before the client gives up; the agent rolls back an add
   * that finishes later (a large retransformation), so a refused add never takes effect afterwards.
   */
  public static final Duration ADD_DEADLINE = Duration.ofSeconds(30);
  /** Extra time to wait for the agent's answer past the deadline: its refusal must arrive before we give up. */
  private static final int ANSWER_MARGIN_MS = 5_000;
  /** The first control-channel version that has leases, renew and add deadlines. */
  static final int LEASE_PROTOCOL = 2;
  private final AgentEndpoint endpoint;
  private volatile int protocol = 1;

  private JvmAgentClient(AgentEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** A client for {@code pid}'s agent, attaching it (from {@link AgentJar}) if needed. */
  public static JvmAgentClient forPid(long pid) throws JvmAgentException {
    return forPid(pid, JvmStateDir.resolve());
  }

  /** As {@link #forPid(long)} with an explicit state directory. */
  public static JvmAgentClient forPid(long pid, java.nio.file.Path stateDir) throws JvmAgentException {
    Optional<JvmAgentClient> existing = existing(pid, stateDir);
    if (existing.isPresent()) {
      return existing.get();
    }
    JvmAttacher.attach(pid, AgentJar.locate(), stateDir);
    return existing(pid, stateDir).orElseThrow(() -> new JvmAgentException(
        "the agent was loaded into JVM " + pid + " but its control channel does not answer; see the target's "
            + "standard error for a line starting with 'faultline agent:'"));
  }

  /** A client for an agent already attached to {@code pid} that answers, or empty. */
  public static Optional<JvmAgentClient> existing(long pid, java.nio.file.Path stateDir) throws JvmAgentException {
    Optional<AgentEndpoint> endpoint = AgentEndpoint.read(stateDir, pid);
    if (endpoint.isEmpty()) {
      return Optional.empty();
    }
    JvmAgentClient client = new JvmAgentClient(endpoint.get());
    try {
      Map<String, String> pong = client.call(WireRecord.create().with("verb", "ping")).get(0).fields();
      if (!String.valueOf(pid).equals(pong.get("pid"))) {
        return Optional.empty(); // a stale file from an earlier process with another pid's port
      }
      // An agent from an earlier Faultline stays loaded until its JVM ends; it does not say its protocol.
      client.protocol = parseProtocol(pong.get("protocol"));
      return Optional.of(client);
    } catch (JvmAgentException e) {
      if (e.getCause() instanceof ConnectException) {
        return Optional.empty(); // stale token file: the JVM that wrote it is gone
      }
      throw e;
    }
  }

  public long pid() {
    return endpoint.pid();
  }

  /** The target's Java version, as its agent reports it. */
  public String javaVersion() throws JvmAgentException {
    return call(WireRecord.create().with("verb", "ping")).get(0).get("javaVersion");
  }

  private static int parseProtocol(String text) {
    try {
      return text == null ? 1 : Integer.parseInt(text);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  /** The agent's control-channel version (1 for agents that do not say). */
  public int protocol() {
    return protocol;
  }

  /**
   * Adds {@code rule}; returns its id. Refused rules throw with the agent's explanation. The add
   * carries {@link #ADD_DEADLINE}: an agent that cannot finish by then rolls the rule back.
   */
  public int add(JvmRule rule) throws JvmAgentException {
    return addRule(rule).id();
  }

  /** The agent's answer to an add. */
  public record Added(int id, int skippedClasses, String skippedExamples) {}

  /** As {@link #add}, with the classes a clock skew had to leave out. */
  public Added addRule(JvmRule rule) throws JvmAgentException {
    boolean expiring = rule.fields().containsKey("leaseMs");
    if (protocol < LEASE_PROTOCOL && expiring) {
      throw new JvmAgentException("the agent in JVM " + pid() + " is from an earlier Faultline and cannot expire "
          + "rules by lease; restart that JVM to load the current agent");
    }
    WireRecord request = WireRecord.create().with("verb", "add");
    rule.fields().forEach(request::with);
    if (protocol >= LEASE_PROTOCOL) {
      request.with("timeoutMs", ADD_DEADLINE.toMillis());
    }
    WireRecord reply = call(request, (int) ADD_DEADLINE.toMillis() + ANSWER_MARGIN_MS).get(0);
    return new Added(Integer.parseInt(reply.get("id")), Integer.parseInt(reply.get("skipped", "0")),
        reply.get("skippedExamples", ""));
  }

  /**
   * Extends rule {@code id}'s lease by its full length; returns the milliseconds until it now expires.
   *
   * @throws JvmAgentException when the rule is gone (the agent says why) or has no lease
   */
  public long renew(int id) throws JvmAgentException {
    return Long.parseLong(call(WireRecord.create().with("verb", "renew").with("id", id)).get(0).get("expiresInMs"));
  }

  /** The rules the agent holds, with hit counts. */
  public List<RuleStatus> rules() throws JvmAgentException {
    List<WireRecord> reply = call(WireRecord.create().with("verb", "rules"));
    List<RuleStatus> out = new ArrayList<>();
    for (WireRecord r : reply.subList(1, reply.size())) {
      out.add(RuleStatus.of(r.fields()));
    }
    return out;
  }

  /** Removes rule {@code id}, restoring the original bytecode of the classes it changed. */
  public void clear(int id) throws JvmAgentException {
    call(WireRecord.create().with("verb", "clear").with("id", id));
  }

  /** Removes every rule; returns their ids. */
  public List<Integer> clearAll() throws JvmAgentException {
    String cleared = call(WireRecord.create().with("verb", "clear")).get(0).get("cleared", "");
    List<Integer> ids = new ArrayList<>();
    for (String s : cleared.split(",")) {
      if (!s.isBlank()) {
        ids.add(Integer.parseInt(s));
      }
    }
    return ids;
  }

  private List<WireRecord> call(WireRecord request) throws JvmAgentException {
    return call(request, TIMEOUT_MS);
  }

  /**
   * Sends {@code request}. Requests other than add are sent again (up to {@link #ATTEMPTS} times) when
   * the agent closed the connection without a word: under a flood of connections it drops the
   * oldest one still sending, before reading it, so nothing was done and trying again is safe.
   */
  private List<WireRecord> call(WireRecord request, int timeoutMs) throws JvmAgentException {
    int attempts = "add".equals(request.get("verb")) ? 1 : ATTEMPTS;
    for (int i = 1; ; i++) {
      try {
        return callOnce(request, timeoutMs);
      } catch (DroppedException e) {
        if (i >= attempts) {
          throw new JvmAgentException("the agent in JVM " + endpoint.pid() + " closed the connection without a reply"
              + (attempts > 1 ? " (" + attempts + " times; is its control port flooded?)" : ""));
        }
        try {
          Thread.sleep(20L * i);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new JvmAgentException("interrupted while talking to the agent in JVM " + endpoint.pid(), ie);
        }
      }
    }
  }

  /** The agent closed (or reset) the connection before replying. */
  private static final class DroppedException extends Exception {
    DroppedException() {
      super(null, null, false, false);
    }
  }

  private List<WireRecord> callOnce(WireRecord request, int timeoutMs) throws JvmAgentException, DroppedException {
    request.with("token", endpoint.token());
    List<WireRecord> reply = new ArrayList<>();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()), CONNECT_TIMEOUT_MS);
      s.setSoTimeout(timeoutMs);
      OutputStream out = s.getOutputStream();
      out.write((request.encode() + "\n").getBytes(StandardCharsets.UTF_8));
      out.flush();
      s.shutdownOutput();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        reply.add(WireRecord.decode(line));
      }
    } catch (SocketTimeoutException e) {
      throw new JvmAgentException("the agent in JVM " + endpoint.pid() + " did not answer within "
          + timeoutMs / 1000 + " s", e);
    } catch (java.net.SocketException e) {
      if (reply.isEmpty() && !(e instanceof ConnectException)) {
        throw new DroppedException(); // reset before any reply
      }
      throw new JvmAgentException("cannot reach the agent in JVM " + endpoint.pid() + " on 127.0.0.1:"
          + endpoint.port() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new JvmAgentException("cannot reach the agent in JVM " + endpoint.pid() + " on 127.0.0.1:"
          + endpoint.port() + ": " + e.getMessage(), e);
    }
    if (reply.isEmpty()) {
      throw new DroppedException();
    }
    if (!"ok".equals(reply.get(0).get("status"))) {
      throw new JvmAgentException(reply.get(0).get("message", "the agent refused the request"));
    }
    return reply;
  }
}
