package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import dev.faultline.jvmagent.wire.WireRecord;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The agent under hostile input (issue 9 item 7): a flood of idle and garbage connections, a class
 * that cannot be rewritten, absurd values. A real target JVM (JDK 17) whose class path lacks a type
 * that one of its loaded classes names in its generic signatures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AgentHardeningTest {
  private static final String T = "dev.faultline.jvm.target.";
  private Path stateDir;
  private TargetJvm target;
  private JvmAgentClient agent;

  @BeforeAll
  void start() throws Exception {
    stateDir = Files.createTempDirectory("faultline-jvm-state");
    target = TargetJvm.startWithout(TargetJvm.jdk17(), "dev/faultline/jvm/target/broken/Holder.class");
    assertThat(target.get("/broken").body()).startsWith("millis="); // Holder$Clock is loaded and runs
    agent = JvmAgentClient.forPid(target.pid(), stateDir);
  }

  @AfterAll
  void stop() {
    target.close();
  }

  @AfterEach
  void clear() throws Exception {
    agent.clearAll();
  }

  /**
   * Holder$Clock names a class missing from the class path. ByteBuddy could not describe it, so the
   * clock skew used to skip it (real time there); the call-site redirect is plain bytecode now and
   * needs no description: the class is rewritten and nothing is skipped.
   */
  @Test
  void clockSkewRewritesAClassWhoseOuterClassIsMissing() throws Exception {
    JvmAgentClient.Added added = agent.addRule(JvmRule.clockSkew(Duration.ofHours(1)));
    assertThat(added.skippedClasses()).isZero();
    RuleStatus status = agent.rules().get(0);
    assertThat(status.skippedClasses()).isZero();
    assertThat(status.fields()).doesNotContainKey("skippedExamples");
    long hourMs = 3_600_000;
    long before = System.currentTimeMillis();
    long skewed = Long.parseLong(target.get("/time").body().split(" ")[0].substring("millis=".length()));
    long broken = Long.parseLong(target.get("/broken").body().substring("millis=".length()));
    long after = System.currentTimeMillis();
    assertThat(skewed).isBetween(before + hourMs - 50, after + hourMs + 50);
    assertThat(broken).as("the class whose outer class is missing is skewed too")
        .isBetween(before + hourMs - 50, after + hourMs + 50);
    agent.clearAll();
    long real = Long.parseLong(target.get("/broken").body().substring("millis=".length()));
    assertThat(real).as("cleared: real time again").isBetween(after - 50, System.currentTimeMillis() + 50);
  }

  @Test
  void absurdValuesAreRefusedWithTheValueGiven() throws Exception {
    assertThatThrownBy(() -> SignedDuration.parse("99999999999999d", true, SignedDuration.MAX_CLOCK_SKEW))
        .hasMessage("'99999999999999d' is too large; at most 36525d (100 years)");
    assertThatThrownBy(() -> new JvmFaultType().create(new FaultArguments("jvm", Map.of("pid", 1,
        "clockSkew", "-99999999999999d"))))
        .isInstanceOf(InvalidFaultArgumentsException.class)
        .hasMessageContaining("clockSkew: '-99999999999999d' is too large; at most 36525d (100 years)");
    AgentWire wire = new AgentWire(stateDir, target.pid());
    WireRecord reply = wire.call(WireRecord.create().with("verb", "add").with("kind", "clock-skew")
        .with("skewMs", "8639999999999999999")).get(0);
    assertThat(reply.fields()).containsEntry("status", "error")
        .containsEntry("message", "skewMs: 8639999999999999999 is out of range; allowed -3155760000000 to 3155760000000");
    reply = wire.call(WireRecord.create().with("verb", "add").with("kind", "clock-skew")
        .with("skewMs", "99999999999999999999999999")).get(0);
    assertThat(reply.get("message"))
        .isEqualTo("skewMs: 99999999999999999999999999 is out of range; allowed -3155760000000 to 3155760000000");
    assertThat(agent.rules()).isEmpty();
  }

  @Test
  void aFloodOfIdleAndGarbageConnectionsDoesNotBlockClearOrRules() throws Exception {
    int port = new AgentWire(stateDir, target.pid()).port();
    List<Socket> flood = new ArrayList<>();
    Random random = new Random(9);
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < 500; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
        if (i % 5 == 0) {
          byte[] junk = new byte[1 + random.nextInt(200)];
          random.nextBytes(junk);
          for (int j = 0; j < junk.length; j++) {
            junk[j] = junk[j] == '\n' ? (byte) 'x' : junk[j]; // garbage without a line end: the agent must wait
          }
          s.getOutputStream().write(junk);
        }
        flood.add(s);
      }
      long openedMs = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("[measured] 500 flood connections to the agent opened in %d ms%n", openedMs);
      // A flooder that keeps reconnecting while the real client works.
      Thread reflood = new Thread(() -> refloodFor(port, 6_000, flood), "reflood");
      reflood.start();
      long worstMs = 0;
      for (int i = 0; i < 6; i++) {
        int id = agent.add(JvmRule.throwing("java.lang.IllegalStateException", "flood " + i).on(T + "Greeter", "greet"));
        long c0 = System.nanoTime();
        CompletableFuture<List<RuleStatus>> listed = async(() -> agent.rules());
        assertThat(listed.get(10, TimeUnit.SECONDS)).extracting(RuleStatus::id).containsExactly(id);
        CompletableFuture<List<Integer>> cleared = async(() -> agent.clearAll());
        assertThat(cleared.get(10, TimeUnit.SECONDS)).containsExactly(id);
        worstMs = Math.max(worstMs, (System.nanoTime() - c0) / 1_000_000);
      }
      reflood.join(15_000);
      System.out.printf("[measured] under a flood of 500+ connections: 6 of 6 rules+clear succeeded, slowest pair %d ms%n",
          worstMs);
      assertThat(target.get("/greet").body()).isEqualTo("hello world");
    } finally {
      synchronized (flood) {
        for (Socket s : flood) {
          s.close();
        }
      }
    }
  }

  @Test
  void aThousandConnectionsOpenQuickly() throws Exception {
    int port = new AgentWire(stateDir, target.pid()).port();
    List<Socket> open = new ArrayList<>();
    try {
      long t0 = System.nanoTime();
      for (int i = 0; i < 1000; i++) {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
        open.add(s);
      }
      long ms = (System.nanoTime() - t0) / 1_000_000;
      System.out.printf("[measured] 1000 connections to the agent opened in %d ms%n", ms);
      assertThat(ms).as("no connect waited for SYN retries (1 s and more)").isLessThan(30_000);
      assertThat(agent.rules()).isEmpty();
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
  }

  /** Opens connections that send a partial line, replacing each as the agent drops it, for {@code ms}. */
  private static void refloodFor(int port, long ms, List<Socket> keep) {
    long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
    int opened = 0;
    while (System.nanoTime() < end && opened < 5_000) {
      try {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2_000);
        OutputStream out = s.getOutputStream();
        out.write("verb=clear\ttoken=wrong".getBytes(StandardCharsets.UTF_8));
        synchronized (keep) {
          keep.add(s);
        }
        opened++;
        if (opened % 50 == 0) {
          Thread.sleep(5);
        }
      } catch (IOException e) {
        // the agent dropped us or the backlog is full: keep flooding
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  interface Call<T> {
    T call() throws Exception;
  }

  private static <T> CompletableFuture<T> async(Call<T> call) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return call.call();
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
  }
}
