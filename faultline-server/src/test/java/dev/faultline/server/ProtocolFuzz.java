package dev.faultline.server;

import dev.faultline.fleet.protocol.Message;
import dev.faultline.fleet.protocol.Protocol;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Frames for fuzzing the agent channel: valid messages, mutated ones, and noise. */
final class ProtocolFuzz {
  private ProtocolFuzz() {}

  static String frame(Random r, String someFaultId) {
    List<String> valid = List.of(
        Protocol.encode(new Message.Heartbeat(r.nextLong())),
        Protocol.encode(new Message.Applied(someFaultId, "x")),
        Protocol.encode(new Message.Reverted(someFaultId, "fuzz says so", null)),
        Protocol.encode(new Message.Failed(someFaultId, "fuzz")),
        Protocol.encode(new Message.Apply("ff_1", "r", "a", "test-marker", Map.of("path", "/tmp/x"), 2000, null)),
        Protocol.encode(new Message.Hello("n" + r.nextInt(100), "i", "h", List.of(), Map.of(), null, List.of())),
        "{\"version\":1,\"type\":\"renew\",\"fault_ids\":[\"" + someFaultId + "\"],\"lease_ms\":5}");
    String base = valid.get(r.nextInt(valid.size()));
    return switch (r.nextInt(8)) {
      case 0 -> base;
      case 1 -> base.substring(0, r.nextInt(base.length()));
      case 2 -> flip(r, base);
      case 3 -> base.replace("\"version\":1", "\"version\":" + (r.nextInt(5) - 1));
      case 4 -> base.replaceFirst("\"type\":\"[a-z]+\"", "\"type\":" + List.of("1", "null", "[]", "\"\"", "\"x\"").get(r.nextInt(5)));
      case 5 -> "[".repeat(r.nextInt(3000)) + "]".repeat(r.nextInt(3000));
      case 6 -> noise(r);
      default -> base.replaceAll("\"[a-z_]+\":\"[^\"]*\"", "\"" + "k" + r.nextInt(3) + "\":" + r.nextInt());
    };
  }

  private static String flip(Random r, String s) {
    char[] c = s.toCharArray();
    for (int i = 0; i < 1 + r.nextInt(4); i++) {
      c[r.nextInt(c.length)] = (char) (32 + r.nextInt(95));
    }
    return new String(c);
  }

  private static String noise(Random r) {
    StringBuilder b = new StringBuilder();
    int n = 1 + r.nextInt(200);
    for (int i = 0; i < n; i++) {
      b.append((char) (r.nextInt(0x3000)));
    }
    return b.toString();
  }
}
