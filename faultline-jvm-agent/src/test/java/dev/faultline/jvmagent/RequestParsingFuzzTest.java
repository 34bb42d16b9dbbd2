package dev.faultline.jvmagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.faultline.jvmagent.wire.WireRecord;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * In-process fuzzing of what the agent does with a request line before it touches the JVM:
 * {@link WireRecord#decode} and {@link RuleRequest#from}. Seeded and bounded; each case is
 * reproducible from its seed and index. Properties: decoding either succeeds or throws
 * {@link IllegalArgumentException}; a decoded record becomes a request or a
 * {@link RuleRefusedException} with a short message; nothing else escapes. (The same lines against
 * a real agent: {@code ControlLineFuzzTest} in faultline-jvm.)
 */
class RequestParsingFuzzTest {
  private static final String[] VALID = {
      "verb=add\tkind=throw\texception=java.lang.IllegalStateException\tclass=a.B\tmethod=m\tprobability=0.5",
      "verb=add\tkind=latency\tlatencyMs=100\tjitterMs=5\tclass=a.**\tmethod=m\tleaseMs=2000\tlengthMs=30000",
      "verb=add\tkind=return\tvalue=7\tclass=a.B\tmethod=m\tparams=int,String\tmaxHits=3\ttimeoutMs=30000",
      "verb=add\tkind=clock-skew\tskewMs=-120000\tlengthMs=1000",
      "verb=add\tkind=memory\tmemoryMb=10",
      "verb=add\tkind=kill\texitCode=3\thalt=true\tpoint=p",
  };
  private static final String[] ODD = {"", "-", "0", "-1", "1e3", "NaN", "Infinity", "9223372036854775808",
      "-9223372036854775809", "99999999999999999999999999999999999999", "0x1F", "true", "maybe", "\\", "\\q", "٣",
      "a".repeat(5_000)};

  @Test
  void fiftyThousandMutatedRequestsParseOrAreRefusedInWords() {
    long seed = Long.getLong("faultline.fuzz.seed", 20_261_205L);
    int accepted = 0;
    int refused = 0;
    int malformed = 0;
    for (int i = 0; i < 50_000; i++) {
      Random r = new Random(seed * 1_000_003L + i);
      String line = mutate(VALID[r.nextInt(VALID.length)], r);
      WireRecord record;
      try {
        record = WireRecord.decode(line);
      } catch (IllegalArgumentException e) {
        malformed++;
        continue;
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + " case " + i + ": decode threw " + e + " for: " + line, e);
      }
      try {
        RuleRequest.from(record);
        accepted++;
      } catch (RuleRefusedException e) {
        refused++;
        assertThat(e.getMessage()).as("seed " + seed + " case " + i).isNotBlank().hasSizeLessThan(2_000);
      } catch (RuntimeException e) {
        fail("seed " + seed + " case " + i + ": RuleRequest threw " + e + " for: " + line, e);
      }
    }
    System.out.printf("[measured] request parsing fuzz (seed %d): %d accepted, %d refused, %d malformed%n", seed,
        accepted, refused, malformed);
    assertThat(accepted).isPositive();
    assertThat(refused).isPositive();
    assertThat(malformed).isPositive();
  }

  private static String mutate(String line, Random r) {
    switch (r.nextInt(6)) {
      case 0:
        return line;
      case 1:
        return line.substring(0, r.nextInt(line.length() + 1));
      case 2: {
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        for (int k = 1 + r.nextInt(4); k > 0; k--) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
        return new String(b, StandardCharsets.UTF_8);
      }
      case 3: {
        String[] fields = line.split("\t");
        int f = r.nextInt(fields.length);
        int eq = fields[f].indexOf('=');
        fields[f] = fields[f].substring(0, eq + 1) + ODD[r.nextInt(ODD.length)];
        return String.join("\t", fields);
      }
      case 4: {
        String[] keys = {"kind", "class", "method", "point", "probability", "maxHits", "lengthMs", "leaseMs", "timeoutMs",
            "skewMs", "memoryMb", "cpuThreads", "exitCode", "params", "value", "bogus"};
        return line + "\t" + keys[r.nextInt(keys.length)] + "=" + ODD[r.nextInt(ODD.length)];
      }
      default: {
        String[] fields = line.split("\t");
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
          if (r.nextInt(4) != 0) {
            sb.append(sb.length() == 0 ? "" : "\t").append(f);
          }
        }
        return sb.toString();
      }
    }
  }
}
