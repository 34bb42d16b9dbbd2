package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoreClientTest {

  @Test
  void sendsCommandsOverPersistentConnections() throws Exception {
    try (InventoryStore store = InventoryStore.start(0, Map.of("widget", 10L));
        StoreClient client = new StoreClient(store.address(), 2, Duration.ofSeconds(2))) {
      for (int i = 9; i >= 5; i--) {
        assertThat(client.call("DECR widget")).isEqualTo("OK " + i);
      }
      assertThat(client.call("GET nope")).isEqualTo("ERR no such key 'nope'");
    }
  }

  @Test
  void aStoreThatDoesNotAnswerTimesOutWithinTheBudget() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        StoreClient client = new StoreClient(address(silent), 8, Duration.ofSeconds(2))) {
      long startedAt = System.nanoTime();

      assertThatThrownBy(() -> client.call("GET widget", Duration.ofMillis(300)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessage("the inventory store at 127.0.0.1:" + silent.getLocalPort()
              + " did not answer within 300 ms");

      Duration took = Duration.ofNanos(System.nanoTime() - startedAt);
      assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(290)).isLessThan(Duration.ofSeconds(10));
    }
  }

  @Test
  void anUnreachableStoreIsNamed() throws Exception {
    int port;
    try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      port = probe.getLocalPort();
    }
    try (StoreClient client =
        new StoreClient(new InetSocketAddress("127.0.0.1", port), 8, Duration.ofSeconds(2))) {
      assertThatThrownBy(() -> client.call("GET widget"))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessageStartingWith("could not talk to the inventory store at 127.0.0.1:" + port + ": ");
    }
  }

  @Test
  void whenAllConnectionsAreBusyTheCallerWaitsOnlyItsBudget() throws Exception {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        StoreClient client = new StoreClient(address(silent), 1, Duration.ofSeconds(2))) {
      Thread busy = new Thread(() -> {
        try {
          client.call("GET widget", Duration.ofSeconds(3));
        } catch (StoreUnavailableException expected) {
          // it is only here to hold the one connection
        }
      });
      busy.start();
      accepted.add(silent.accept()); // the busy call holds the only connection now

      assertThatThrownBy(() -> client.call("GET widget", Duration.ofMillis(200)))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessage("no connection to the inventory store at 127.0.0.1:" + silent.getLocalPort()
              + " was free within 200 ms (all 1 busy)");

      client.close(); // also ends the busy call at once
      busy.join(5_000);
      assertThat(busy.isAlive()).isFalse();
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
  }

  @Test
  void reconnectsAfterTheStoreRestarts() throws Exception {
    InventoryStore first = InventoryStore.start(0, Map.of("widget", 5L));
    int port = first.address().getPort();
    try (StoreClient client = new StoreClient(first.address(), 8, Duration.ofSeconds(2))) {
      assertThat(client.call("GET widget")).isEqualTo("OK 5");
      first.close();
      // The pooled connection is dead: that call fails, and is not retried.
      assertThatThrownBy(() -> client.call("GET widget")).isInstanceOf(StoreUnavailableException.class);

      try (InventoryStore second = InventoryStore.start(port, Map.of("widget", 9L))) {
        assertThat(client.call("GET widget")).isEqualTo("OK 9");
      }
    }
  }

  @Test
  void aClosedClientSaysSo() throws IOException {
    try (InventoryStore store = InventoryStore.start(0, Map.of())) {
      StoreClient client = new StoreClient(store.address(), 8, Duration.ofSeconds(2));
      client.close();

      assertThatThrownBy(() -> client.call("GET widget"))
          .isInstanceOf(StoreUnavailableException.class)
          .hasMessage("the connection pool to the inventory store at 127.0.0.1:"
              + store.address().getPort() + " is closed");
    }
  }

  private static InetSocketAddress address(ServerSocket socket) {
    return new InetSocketAddress("127.0.0.1", socket.getLocalPort());
  }
}
