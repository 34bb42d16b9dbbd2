package dev.faultline.engine.fault.toxiproxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/** A loopback TCP server that sends back every byte it receives and closes when the client does. */
public final class EchoServer implements AutoCloseable {
  private final ServerSocket socket;

  private EchoServer(ServerSocket socket) {
    this.socket = socket;
    Thread accept = new Thread(this::acceptLoop, "echo-accept");
    accept.setDaemon(true);
    accept.start();
  }

  public static EchoServer start() throws IOException {
    return new EchoServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
  }

  /** {@code 127.0.0.1:<port>}. */
  public String address() {
    return "127.0.0.1:" + socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!socket.isClosed()) {
      try {
        Socket client = socket.accept();
        Thread echo = new Thread(() -> echo(client), "echo-connection");
        echo.setDaemon(true);
        echo.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private static void echo(Socket client) {
    try (client; InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        out.write(buffer, 0, n);
        out.flush();
      }
    } catch (IOException dropped) {
      // the proxy dropped the connection: nothing to echo any more
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
