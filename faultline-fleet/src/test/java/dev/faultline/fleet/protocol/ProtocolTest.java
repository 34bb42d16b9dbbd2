package dev.faultline.fleet.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The wire format: every message round-trips; bad frames are refused with a message, never anything else. */
class ProtocolTest {
  /** Seeds kept as regression cases; the fuzz prints the seed of a failing frame. */
  static final long[] SEEDS = {1L, 42L, 20261205L};

  static final List<Message> EXAMPLES = List.of(
      new Message.Hello("web-1", "agt_01", "host-a", List.of("10.0.0.5"), Map.of("zone", "a"),
          new Message.Capabilities(List.of("host-cpu"), Map.of("host-latency", "no netem"), true,
              List.of(new Message.JvmInfo(42, "com.example.Main")), List.of(new Message.ProxyInfo("http://p:8474", true, "HTTP 200"))),
          List.of(new Message.FaultReport("ff_1", "run-1", "burn", "host-cpu", "reverted", "lease expired", 5))),
      new Message.Applied("ff_1", "host-cpu (1 core at 50%)"),
      new Message.Failed("ff_1", "needs CAP_NET_ADMIN"),
      new Message.Reverted("ff_1", "lease expired", null),
      new Message.Welcome("srv_1", 5000),
      new Message.Apply("ff_1", "run-1", "burn", "host-cpu", Map.of("cores", 1, "percent", 50), 15000, 60000L),
      new Message.Renew(List.of("ff_1", "ff_2"), 15000),
      new Message.Revert("ff_1", "run ended"),
      new Message.Halt("incident 42"),
      new Message.Error("name_taken", "an agent named 'web-1' is already connected", true),
      new Message.Heartbeat(123));

  @Test
  void everyMessageRoundTripsWithVersionAndType() throws Exception {
    for (Message m : EXAMPLES) {
      String frame = Protocol.encode(m);
      assertThat(frame).startsWith("{\"version\":1,\"type\":\"" + m.type() + "\"");
      assertThat(Protocol.decode(frame)).isEqualTo(m);
    }
    assertThat(Protocol.encode(EXAMPLES.get(5))).contains("\"fault_id\":\"ff_1\"").contains("\"lease_ms\":15000");
  }

  @Test
  void badFramesSayWhatIsWrong() {
    assertThatThrownBy(() -> Protocol.decode("nope")).hasMessageStartingWith("not JSON");
    assertThatThrownBy(() -> Protocol.decode("[1]")).hasMessageContaining("expected a JSON object");
    assertThatThrownBy(() -> Protocol.decode("{\"type\":\"hello\"}")).hasMessageContaining("'version' is missing");
    assertThatThrownBy(() -> Protocol.decode("{\"version\":2,\"type\":\"hello\"}"))
        .isInstanceOf(Protocol.VersionMismatchException.class)
        .hasMessage("protocol version 2 is not supported; this side speaks version 1 (upgrade the older of agent and server)");
    assertThatThrownBy(() -> Protocol.decode("{\"version\":1,\"type\":\"dance\"}")).hasMessageContaining("unknown message type 'dance'");
    assertThatThrownBy(() -> Protocol.decode("{\"version\":1,\"type\":\"apply\",\"fault_id\":\"f\",\"fault_type\":\"x\",\"lease_ms\":5}"))
        .hasMessageContaining("bad 'apply' message").hasMessageContaining("lease_ms must be at least 1000");
    assertThatThrownBy(() -> Protocol.decode("{\"version\":1,\"type\":\"applied\"}")).hasMessageContaining("'fault_id' is required");
  }

  @Test
  void fuzzedFramesOnlyEverRaiseProtocolExceptions() {
    long deadline = System.nanoTime() + 5_000_000_000L;
    int n = 0;
    for (long seed : SEEDS) {
      Random r = new Random(seed);
      for (int i = 0; i < 1500 && System.nanoTime() < deadline; i++, n++) {
        String base = Protocol.encode(EXAMPLES.get(r.nextInt(EXAMPLES.size())));
        String frame = mutate(r, base);
        try {
          Message m = Protocol.decode(frame);
          assertThat(Protocol.decode(Protocol.encode(m))).as("seed %d case %d: %s", seed, i, frame).isEqualTo(m);
        } catch (Protocol.ProtocolException e) {
          assertThat(e.getMessage()).as("seed %d case %d", seed, i).isNotBlank();
        } catch (RuntimeException | Error e) {
          throw new AssertionError("seed " + seed + " case " + i + " frame " + frame + ": " + e, e);
        }
      }
    }
    assertThat(n).isGreaterThan(1000);
  }

  static String mutate(Random r, String s) {
    switch (r.nextInt(6)) {
      case 0 -> {
        return s.substring(0, r.nextInt(s.length()));
      }
      case 1 -> {
        char[] c = s.toCharArray();
        for (int k = 0; k < 1 + r.nextInt(5); k++) {
          c[r.nextInt(c.length)] = (char) r.nextInt(0x250);
        }
        return new String(c);
      }
      case 2 -> {
        return s.replaceAll(":\"[^\"]*\"", ":" + List.of("null", "1", "[]", "{}", "true", "\"\"").get(r.nextInt(6)));
      }
      case 3 -> {
        return s.replaceAll(":(-?\\d+)", ":" + List.of("-1", "1e999", "\"x\"", "null", "9999999999999999999999").get(r.nextInt(5)));
      }
      case 4 -> {
        return "{".repeat(r.nextInt(600)) + s;
      }
      default -> {
        return s;
      }
    }
  }
}
