package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.jvmagent.wire.WireRecord;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Seeded, bounded fuzzing of the agent's control line (issue 9 item 1) against a real agent attached
 * to a real target JVM: truncations, byte flips, huge numbers, bad UTF-8, missing, extra and
 * repeated fields, long lines, with and without the token. Properties: every line gets one
 * well-formed reply (or is dropped) within a bound, no stack trace, nothing unauthenticated is ever
 * accepted, the agent keeps serving valid requests, and the only rules in the agent are those it
 * acknowledged. Each line is reproducible from its seed and index; {@code -Dfaultline.fuzz.seed=N}
 * and {@code -Dfaultline.fuzz.lines=N} run others. Seeds that once failed stay in
 * {@link #REGRESSION_SEEDS}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ControlLineFuzzTest {
  private static final long DEFAULT_SEED = 20_261_205L;
  private static final int DEFAULT_LINES = 10_000;
  /**
   * Seeds that found problems, run on every build (a few hundred lines each). 7: an add queued
   * behind other adds on a loaded machine took over 5 s to answer (the bound was too tight).
   */
  private static final long[] REGRESSION_SEEDS = {7L, 1_337L};
  /**
   * A reply must be complete within this. The agent's own line deadline is 1 s; the rest is
   * queueing behind other changes, each a retransformation, on a build machine that may be loaded.
   */
  private static final int REPLY_BOUND_MS = 20_000;
  private static final String GREETER = "dev.faultline.jvm.target.Greeter";

  private TargetJvm target;
  private AgentWire wire;
  private JvmAgentClient agent;

  @BeforeAll
  void start() throws Exception {
    Path stateDir = Files.createTempDirectory("faultline-jvm-state");
    target = TargetJvm.start(TargetJvm.jdk17());
    agent = JvmAgentClient.forPid(target.pid(), stateDir);
    wire = new AgentWire(stateDir, target.pid());
  }

  @AfterAll
  void stop() {
    target.close();
  }

  @Test
  void tenThousandMutatedLinesGetWellFormedAnswersAndCreateNoUnacknowledgedRule() throws Exception {
    long seed = Long.getLong("faultline.fuzz.seed", DEFAULT_SEED);
    int lines = Integer.getInteger("faultline.fuzz.lines", DEFAULT_LINES);
    long t0 = System.nanoTime();
    Stats stats = fuzz(seed, lines);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    System.out.printf("[measured] control-line fuzz: %d lines (seed %d) in %d ms: %d ok, %d error replies, "
        + "%d dropped, %d rules acknowledged and cleared; slowest reply %d ms%n", lines, seed, ms, stats.ok,
        stats.errors, stats.dropped, stats.rulesAdded, stats.slowestMs);
    assertThat(stats.ok + stats.errors + stats.dropped).isEqualTo(lines);
    assertThat(stats.errors).as("most mutated lines are refused").isGreaterThan(lines / 2);
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
  }

  @Test
  void regressionSeeds() throws Exception {
    for (long seed : REGRESSION_SEEDS) {
      fuzz(seed, 300);
    }
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
  }

  static final class Stats {
    int ok;
    int errors;
    int dropped;
    int rulesAdded;
    long slowestMs;

    synchronized void add(Stats o) {
      ok += o.ok;
      errors += o.errors;
      dropped += o.dropped;
      rulesAdded += o.rulesAdded;
      slowestMs = Math.max(slowestMs, o.slowestMs);
    }
  }

  /** Line {@code i} of {@code seed}, on {@link #THREADS} client threads (line i on thread i mod THREADS). */
  private static final int THREADS = 4;

  private Stats fuzz(long seed, int lines) throws Exception {
    Stats total = new Stats();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < THREADS; t++) {
      int first = t;
      Thread thread = new Thread(() -> {
        try {
          total.add(fuzzShare(seed, lines, first));
        } catch (Throwable e) {
          failures.add(e);
        }
      }, "fuzz-" + t);
      threads.add(thread);
      thread.start();
    }
    for (Thread thread : threads) {
      thread.join(600_000);
    }
    if (!failures.isEmpty()) {
      AssertionError e = new AssertionError("control-line fuzz failed (seed " + seed + "): " + failures.get(0).getMessage(),
          failures.get(0));
      throw e;
    }
    // Every acknowledged rule was cleared by the thread that added it: anything left came from garbage.
    assertThat(agent.rules()).as("rules left after seed " + seed).isEmpty();
    return total;
  }

  private Stats fuzzShare(long seed, int lines, int first) throws Exception {
    Stats stats = new Stats();
    for (int i = first; i < lines; i += THREADS) {
      Random random = new Random(seed * 1_000_003L + i);
      boolean authenticated = random.nextInt(10) < 6;
      byte[] line = Mutations.line(random, authenticated ? wire.token() : null);
      String where = "seed " + seed + " line " + i + " (" + Mutations.preview(line) + ")";
      long t0 = System.nanoTime();
      byte[] reply = wire.send(line, REPLY_BOUND_MS);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(ms).as("reply time for " + where).isLessThan(REPLY_BOUND_MS);
      stats.slowestMs = Math.max(stats.slowestMs, ms);
      if (reply.length == 0) {
        stats.dropped++;
        continue;
      }
      List<WireRecord> records = parse(reply, where);
      WireRecord head = records.get(0);
      String status = head.get("status");
      assertThat(status).as("status of " + where).isIn("ok", "error");
      if (status.equals("error")) {
        stats.errors++;
        String message = head.get("message", "");
        assertThat(message).as("error message for " + where).isNotBlank().doesNotContain("\tat ")
            .doesNotContain("Exception:");
        assertThat(message.length()).as("error message length for " + where).isLessThan(2_000);
        continue;
      }
      stats.ok++;
      assertThat(Mutations.hasToken(line, wire.token())).as("accepted without the token: " + where).isTrue();
      if (head.has("id") && head.has("effect")) { // an acknowledged add: take it away again
        int id = Integer.parseInt(head.get("id"));
        stats.rulesAdded++;
        try {
          agent.clear(id);
        } catch (JvmAgentException e) {
          // Another thread's mutated "clear" (all rules) or its own length/lease may have been first.
          assertThat(e.getMessage()).as("clearing rule " + id + " from " + where).startsWith("rule " + id + " is gone");
        }
      }
      if (i % 500 < THREADS) {
        assertThat(agent.javaVersion()).as("ping after " + where).isNotBlank();
      }
    }
    return stats;
  }

  private static List<WireRecord> parse(byte[] reply, String where) {
    String text = new String(reply, StandardCharsets.UTF_8);
    assertThat(text).as("reply to " + where).endsWith("\n");
    List<WireRecord> out = new ArrayList<>();
    for (String l : text.substring(0, text.length() - 1).split("\n", -1)) {
      out.add(WireRecord.decode(l)); // throws (fails the test) on a malformed reply
    }
    return out;
  }

  /** The line generator: mutations of valid requests, and plain garbage. */
  static final class Mutations {
    private static final String[] BASES = {
        "verb=ping",
        "verb=rules",
        "verb=clear\tid=999999",
        "verb=renew\tid=1",
        "verb=add\tkind=throw\texception=java.lang.IllegalStateException\tclass=" + GREETER
            + "\tmethod=greet\tprobability=0",
        "verb=add\tkind=latency\tlatencyMs=5\tclass=" + GREETER + "\tmethod=greet\tprobability=0\tleaseMs=2000",
        "verb=add\tkind=return\tvalue=7\tclass=dev.faultline.jvm.target.Inventory\tmethod=count\tprobability=0"
            + "\tlengthMs=60000",
        "verb=add\tkind=throw\texception=java.lang.IllegalStateException\tpoint=fuzz\tallowUnloaded=true"
            + "\tprobability=0\tmaxHits=3",
        "verb=add\tkind=latency\tlatencyMs=1\tclass=dev.faultline.fuzz.Absent\tmethod=m\tallowUnloaded=true"
            + "\tprobability=0\ttimeoutMs=30000",
    };
    private static final String[] KEYS = {"verb", "kind", "class", "method", "params", "point", "exception", "message",
        "latencyMs", "jitterMs", "value", "probability", "maxHits", "lengthMs", "leaseMs", "timeoutMs", "id",
        "allowBroad", "allowUnloaded", "implementations", "x", "", "token"};
    private static final String[] NUMBERS = {"0", "-1", "1", "2000", "9223372036854775807", "-9223372036854775808",
        "9223372036854775808", "99999999999999999999999999999999", "1e9", "NaN", "Infinity", "-0", "0x10", "1.5",
        " 1", "", "٣"};
    private static final byte[][] BAD_UTF8 = {{(byte) 0xC3, 0x28}, {(byte) 0xFF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
        {(byte) 0xF0, (byte) 0x9F}, {(byte) 0xC0, (byte) 0xAF}, {0}};

    static byte[] line(Random r, String token) {
      // Adds are an eighth of the lines: each accepted one retransforms a class twice (add, clear).
      String base = r.nextInt(8) == 0 ? BASES[4 + r.nextInt(BASES.length - 4)] : BASES[r.nextInt(4)];
      String text = token == null ? base + (r.nextBoolean() ? "\ttoken=" + randomToken(r) : "") : base + "\ttoken=" + token;
      int op = r.nextInt(12);
      byte[] b;
      switch (op) {
        case 0: // unchanged (valid when authenticated)
          b = bytes(text);
          break;
        case 1: // truncated
          b = bytes(text.substring(0, r.nextInt(text.length() + 1)));
          break;
        case 2: { // byte flips
          b = bytes(text);
          for (int k = 1 + r.nextInt(4); k > 0; k--) {
            b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          }
          break;
        }
        case 3: // a number field made huge or odd
          b = bytes(setField(text, KEYS[8 + r.nextInt(8)], NUMBERS[r.nextInt(NUMBERS.length)], r));
          break;
        case 4: { // bad UTF-8 spliced in
          byte[] t = bytes(text);
          byte[] bad = BAD_UTF8[r.nextInt(BAD_UTF8.length)];
          int at = r.nextInt(t.length + 1);
          b = concat(java.util.Arrays.copyOfRange(t, 0, at), bad, java.util.Arrays.copyOfRange(t, at, t.length));
          break;
        }
        case 5: // a field removed
          b = bytes(removeField(text, r));
          break;
        case 6: // an extra or repeated field
          b = bytes(text + "\t" + KEYS[r.nextInt(KEYS.length)] + "=" + NUMBERS[r.nextInt(NUMBERS.length)]);
          break;
        case 7: // long line (beyond the agent's limit sometimes)
          b = bytes(text + "\tmessage=" + "a".repeat(r.nextInt(40_000)));
          break;
        case 8: // random bytes
          b = new byte[r.nextInt(300)];
          r.nextBytes(b);
          break;
        case 9: // broken escapes and separators
          b = bytes(text.replace("=", r.nextBoolean() ? "" : "==").replaceFirst("\t", java.util.regex.Matcher.quoteReplacement(r.nextBoolean() ? "\\" : "\\q")));
          break;
        case 10: // empty, blank, or CR LF
          b = bytes(r.nextBoolean() ? "" : r.nextBoolean() ? "\t\t" : text + "\r");
          break;
        default: // several lines in one request
          b = bytes(text + "\n" + text);
          break;
      }
      return r.nextInt(4) == 0 ? b : concat(b, new byte[] {'\n'}); // with or without a line end (then EOF)
    }

    static boolean hasToken(byte[] line, String token) {
      return new String(line, StandardCharsets.ISO_8859_1).contains("token=" + token);
    }

    static String preview(byte[] line) {
      String s = new String(line, 0, Math.min(line.length, 120), StandardCharsets.UTF_8);
      return s.replace("\t", "\\t").replace("\n", "\\n") + (line.length > 120 ? "... " + line.length + " bytes" : "");
    }

    private static String randomToken(Random r) {
      StringBuilder sb = new StringBuilder();
      for (int i = r.nextInt(70); i > 0; i--) {
        sb.append(Character.forDigit(r.nextInt(16), 16));
      }
      return sb.toString();
    }

    private static String setField(String text, String key, String value, Random r) {
      return text.replaceAll("(^|\t)" + java.util.regex.Pattern.quote(key) + "=[^\t]*", "")
          + "\t" + key + "=" + value;
    }

    private static String removeField(String text, Random r) {
      String[] fields = text.split("\t");
      List<String> keep = new ArrayList<>(List.of(fields));
      keep.remove(r.nextInt(keep.size()));
      return String.join("\t", keep);
    }

    private static byte[] bytes(String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (byte[] p : parts) {
        out.writeBytes(p);
      }
      return out.toByteArray();
    }
  }
}
