package dev.faultline.jvm.target;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.faultline.faultpoint.FaultPoint;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;

/**
 * The JVM the attach tests fault: a small HTTP service on loopback. Prints {@code PORT n} when
 * ready; exits when its standard input closes (the test JVM went away). Errors become 500 with
 * {@code ExceptionClass: message} as the body, so tests can read what was thrown.
 */
public final class TargetService {
  private TargetService() {}

  public static void main(String[] args) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    server.setExecutor(Executors.newFixedThreadPool(4));
    Greeter greeter = new Greeter();
    Inventory inventory = new Inventory();
    PriceSource prices = new FixedPriceSource();
    Store store = new Store();
    route(server, "/greet", () -> greeter.greet("world"));
    route(server, "/stock", () -> String.valueOf(inventory.count()));
    route(server, "/available", () -> String.valueOf(inventory.available()));
    route(server, "/price", () -> String.valueOf(prices.price()));
    route(server, "/load", () -> store.load());
    route(server, "/late", () -> new LateLoaded().value());
    route(server, "/point", () -> {
      FaultPoint.check("checkout");
      return "checked";
    });
    route(server, "/time", () -> "millis=" + System.currentTimeMillis() + " instant=" + Instant.now().toEpochMilli()
        + " clock=" + Clock.systemUTC().millis());
    // A direct call, which works without Holder on the class path (reflection would need it).
    route(server, "/broken", () -> "millis=" + dev.faultline.jvm.target.broken.Holder.Clock.now());
    route(server, "/heap", () -> {
      System.gc();
      Runtime rt = Runtime.getRuntime();
      return String.valueOf((rt.totalMemory() - rt.freeMemory()) >> 20);
    });
    route(server, "/cpu", () -> String.valueOf(
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime()));
    server.start();
    System.out.println("PORT " + server.getAddress().getPort());
    System.out.flush();
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // wait for the parent to close our input
        }
      } catch (IOException ignored) {
        // treat as closed
      }
      System.exit(0);
    }, "stdin-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static void route(HttpServer server, String path, Callable<String> body) {
    server.createContext(path, exchange -> {
      int status = 200;
      String text;
      try {
        text = body.call();
      } catch (Exception e) {
        status = 500;
        text = e.getClass().getName() + ": " + e.getMessage();
      }
      reply(exchange, status, text);
    });
  }

  private static void reply(HttpExchange exchange, int status, String text) throws IOException {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, b.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(b);
    }
  }
}
