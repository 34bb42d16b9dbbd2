package dev.faultline.jvm;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Raw control-channel requests, for tests that send what {@link JvmAgentClient} never would. */
final class AgentWire {
  private final AgentEndpoint endpoint;

  AgentWire(Path stateDir, long pid) throws JvmAgentException {
    this.endpoint = AgentEndpoint.read(stateDir, pid).orElseThrow();
  }

  int port() {
    return endpoint.port();
  }

  String token() {
    return endpoint.token();
  }

  /** Sends {@code request} with the token; returns the reply records. */
  List<WireRecord> call(WireRecord request) throws IOException {
    request.with("token", endpoint.token());
    String reply = new String(send((request.encode() + "\n").getBytes(StandardCharsets.UTF_8), 30_000),
        StandardCharsets.UTF_8);
    List<WireRecord> out = new ArrayList<>();
    for (String line : reply.split("\n")) {
      if (!line.isEmpty()) {
        out.add(WireRecord.decode(line));
      }
    }
    return out;
  }

  /**
   * Sends raw bytes, half-closes, and reads the reply until the agent closes (or resets) the
   * connection or {@code timeoutMs} passes; returns what arrived.
   */
  byte[] send(byte[] bytes, int timeoutMs) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.port()), 10_000);
      s.setSoTimeout(timeoutMs);
      try {
        s.getOutputStream().write(bytes);
        s.getOutputStream().flush();
        s.shutdownOutput();
      } catch (java.net.SocketException e) {
        // the agent stopped reading (a line over its limit) and may have answered: read below
      }
      InputStream in = s.getInputStream();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      try {
        for (int n = in.read(buf); n != -1; n = in.read(buf)) {
          out.write(buf, 0, n);
        }
      } catch (SocketTimeoutException e) {
        // return what arrived
      } catch (java.net.SocketException e) {
        // reset: the agent closed with input of ours unread (an over-long line); what arrived is the answer
      }
      return out.toByteArray();
    }
  }
}
