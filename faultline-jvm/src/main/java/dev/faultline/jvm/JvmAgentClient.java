package dev.faultline.jvm;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
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
  private final AgentEndpoint endpoint;

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

  /** Adds {@code rule}; returns its id. Refused rules throw with the agent's explanation. */
  public int add(JvmRule rule) throws JvmAgentException {
    WireRecord request = WireRecord.create().with("verb", "add");
    rule.fields().forEach(request::with);
    return Integer.parseInt(call(request).get(0).get("id"));
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
    request.with("token", endpoint.token());
    List<WireRecord> reply = new ArrayList<>();
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), endpoint.port())) {
      s.setSoTimeout(TIMEOUT_MS);
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
          + TIMEOUT_MS / 1000 + " s", e);
    } catch (IOException e) {
      throw new JvmAgentException("cannot reach the agent in JVM " + endpoint.pid() + " on 127.0.0.1:"
          + endpoint.port() + ": " + e.getMessage(), e);
    }
    if (reply.isEmpty()) {
      throw new JvmAgentException("the agent in JVM " + endpoint.pid() + " closed the connection without a reply");
    }
    if (!"ok".equals(reply.get(0).get("status"))) {
      throw new JvmAgentException(reply.get(0).get("message", "the agent refused the request"));
    }
    return reply;
  }
}
