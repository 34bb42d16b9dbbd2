package dev.faultline.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InventoryStoreTest {

  private InventoryStore store;

  @BeforeEach
  void startStore() throws IOException {
    store = InventoryStore.start(0, Map.of("widget", 3L, "empty", 0L));
  }

  @AfterEach
  void stopStore() {
    store.close();
  }

  @Test
  void listensOnLoopbackWithAnEphemeralPort() {
    assertThat(store.address().getAddress().getHostAddress()).isEqualTo("127.0.0.1");
    assertThat(store.address().getPort()).isPositive();
  }

  @Test
  void getDecrAndSetOnOneConnection() throws IOException {
    try (StoreLine line = new StoreLine(store.address())) {
      assertThat(line.send("GET widget")).isEqualTo("OK 3");
      assertThat(line.send("DECR widget")).isEqualTo("OK 2");
      assertThat(line.send("decr widget")).isEqualTo("OK 1");
      assertThat(line.send("SET widget 40")).isEqualTo("OK 40");
      assertThat(line.send("GET widget")).isEqualTo("OK 40");
      assertThat(line.send("SET gadget 7")).isEqualTo("OK 7");
    }
    assertThat(store.value("widget")).hasValue(40);
    assertThat(store.value("gadget")).hasValue(7);
  }

  @Test
  void decrementNeverGoesBelowZero() throws IOException {
    try (StoreLine line = new StoreLine(store.address())) {
      assertThat(line.send("DECR empty")).isEqualTo("ERR out of stock 'empty'");
      assertThat(line.send("GET empty")).isEqualTo("OK 0");
    }
  }

  @Test
  void unknownKeysAreNamed() throws IOException {
    try (StoreLine line = new StoreLine(store.address())) {
      assertThat(line.send("GET nope")).isEqualTo("ERR no such key 'nope'");
      assertThat(line.send("DECR nope")).isEqualTo("ERR no such key 'nope'");
    }
    assertThat(store.value("nope")).isEmpty();
  }

  @Test
  void malformedCommandsNameTheCommandAndTheExpectedForms() throws IOException {
    try (StoreLine line = new StoreLine(store.address())) {
      assertThat(line.send("FETCH widget"))
          .isEqualTo("ERR unknown command 'FETCH': expected GET <key>, DECR <key> or SET <key> <value>");
      assertThat(line.send("GET"))
          .isEqualTo("ERR malformed GET 'GET': expected GET <key>");
      assertThat(line.send("DECR a b"))
          .isEqualTo("ERR malformed DECR 'DECR a b': expected DECR <key>");
      assertThat(line.send("SET widget"))
          .isEqualTo("ERR malformed SET 'SET widget': expected SET <key> <value>");
      assertThat(line.send("SET widget many"))
          .isEqualTo("ERR malformed SET 'SET widget many': the value must be a whole number >= 0;"
              + " expected SET <key> <value>");
      assertThat(line.send("SET widget -1"))
          .isEqualTo("ERR malformed SET 'SET widget -1': the value must be a whole number >= 0;"
              + " expected SET <key> <value>");
      assertThat(line.send(""))
          .isEqualTo("ERR empty command: expected GET <key>, DECR <key> or SET <key> <value>");
      // The connection survives errors.
      assertThat(line.send("GET widget")).isEqualTo("OK 3");
    }
  }

  @Test
  void veryLongLinesAreEchoedShortened() throws IOException {
    String longKey = "k".repeat(500);
    try (StoreLine line = new StoreLine(store.address())) {
      assertThat(line.send("GET " + longKey))
          .isEqualTo("ERR no such key '" + "k".repeat(80) + "…'");
    }
  }

  @Test
  void servesSeveralConnectionsAtOnce() throws IOException {
    try (StoreLine first = new StoreLine(store.address());
        StoreLine second = new StoreLine(store.address())) {
      assertThat(first.send("DECR widget")).isEqualTo("OK 2");
      assertThat(second.send("DECR widget")).isEqualTo("OK 1");
      assertThat(first.send("GET widget")).isEqualTo("OK 1");
    }
  }

  @Test
  void refusesConnectionsBeyondTheMaximumWithAReason() throws IOException {
    StoreLine[] lines = new StoreLine[InventoryStore.MAX_CONNECTIONS];
    try {
      for (int i = 0; i < lines.length; i++) {
        lines[i] = new StoreLine(store.address());
        assertThat(lines[i].send("GET widget")).isEqualTo("OK 3"); // served, so it counts
      }
      try (StoreLine oneTooMany = new StoreLine(store.address())) {
        assertThat(oneTooMany.readLine()).isEqualTo(
            "ERR too many connections: the store serves at most 64 at once; close one and retry");
        assertThat(oneTooMany.readLine()).isNull();
      }
    } finally {
      for (StoreLine line : lines) {
        if (line != null) {
          line.close();
        }
      }
    }
  }

  @Test
  void closeEndsClientConnectionsAndFreesThePort() throws IOException {
    int port = store.address().getPort();
    try (StoreLine line = new StoreLine(store.address())) {
      assertThat(line.send("GET widget")).isEqualTo("OK 3");
      store.close();
      store.close(); // idempotent
      assertThat(line.readLine()).isNull();
    }
    try (ServerSocket rebind = new ServerSocket()) {
      rebind.setReuseAddress(true);
      rebind.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
    }
  }

  @Test
  void aBusyPortIsNamedInTheError() throws IOException {
    int port = store.address().getPort();
    assertThatThrownBy(() -> InventoryStore.start(port, Map.of()))
        .isInstanceOf(BindException.class)
        .hasMessageStartingWith("could not start the inventory store on 127.0.0.1:" + port + ": ")
        .hasMessageEndingWith("; choose another port, or 0 for an ephemeral one");
  }

  @Test
  void initialValuesAreChecked() {
    assertThatThrownBy(() -> InventoryStore.start(0, Map.of("two words", 1L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store key 'two words' must be non-empty and contain no whitespace");
    assertThatThrownBy(() -> InventoryStore.start(0, Map.of("widget", -2L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store value of 'widget' must be a whole number >= 0, was -2");
  }
}
