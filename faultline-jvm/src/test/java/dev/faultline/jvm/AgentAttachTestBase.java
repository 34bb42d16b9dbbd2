package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.jvmagent.wire.WireRecord;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every fault against a real target JVM on one JDK: attach, add, observe through HTTP requests,
 * clear, observe normal behaviour again. Subclasses choose the JDK.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AgentAttachTestBase {
  private static final String T = "dev.faultline.jvm.target.";
  Path stateDir;
  TargetJvm target;
  JvmAgentClient agent;

  abstract Path javaHome();

  @BeforeAll
  void startAndAttach() throws Exception {
    stateDir = Files.createTempDirectory("faultline-jvm-state");
    target = TargetJvm.start(javaHome());
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
    agent = JvmAgentClient.forPid(target.pid(), stateDir);
  }

  @AfterAll
  void stop() {
    if (target != null) {
      target.close();
    }
  }

  @AfterEach
  void clearRules() throws Exception {
    agent.clearAll();
  }

  @Test
  void tokenFileIsOwnerOnlyAndTheTargetRunsTheExpectedJdk() throws Exception {
    Path token = AgentEndpoint.file(stateDir, target.pid());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(token))).isEqualTo("rw-------");
    String expectedFeature = javaHome().toString().contains("25") ? "25" : "17";
    assertThat(agent.javaVersion()).startsWith(expectedFeature);
  }

  @Test
  void silentConnectionsDoNotBlockTheControlChannel() throws Exception {
    int port = AgentEndpoint.read(stateDir, target.pid()).orElseThrow().port();
    List<Socket> silent = new ArrayList<>();
    try {
      // More silent clients than the agent has workers, each holding a connection open.
      for (int i = 0; i < 8; i++) {
        silent.add(new Socket(InetAddress.getLoopbackAddress(), port));
      }
      agent.add(JvmRule.throwing("java.lang.IllegalStateException", "blocked?").on(T + "Greeter", "greet"));
      // Under the old 10 s read timeout per connection, one at a time, this waited 80 s.
      CompletableFuture<List<Integer>> cleared = CompletableFuture.supplyAsync(() -> {
        try {
          return agent.clearAll();
        } catch (JvmAgentException e) {
          throw new CompletionException(e);
        }
      });
      assertThat(cleared.get(8, TimeUnit.SECONDS)).hasSize(1);
      // The agent gives up on a client that sends no request line and says why.
      Socket first = silent.get(0);
      first.setSoTimeout(10_000);
      String reply = new String(first.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(WireRecord.decode(reply.strip()).fields())
          .containsEntry("status", "error")
          .containsEntry("message", "no complete request line within 1000 ms");
    } finally {
      for (Socket s : silent) {
        s.close();
      }
    }
  }

  @Test
  void throwsAnUncheckedExceptionUntilCleared() throws Exception {
    int id = agent.add(JvmRule.throwing("java.lang.IllegalStateException", "boom").on(T + "Greeter", "greet"));
    TargetJvm.Reply r = target.get("/greet");
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.body()).isEqualTo("java.lang.IllegalStateException: boom");
    assertThat(agent.rules()).singleElement().satisfies(s -> {
      assertThat(s.id()).isEqualTo(id);
      assertThat(s.hits()).isEqualTo(1);
      assertThat(s.instrumentedClasses()).isEqualTo(1);
      assertThat(s.state()).isEqualTo("active");
    });
    agent.clear(id);
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
    assertThat(agent.rules()).isEmpty();
  }

  @Test
  void throwsADeclaredCheckedException() throws Exception {
    agent.add(JvmRule.throwing("java.io.IOException", "disk gone").on(T + "Store", "load"));
    assertThat(target.get("/load").body()).isEqualTo("java.io.IOException: disk gone");
    agent.clearAll();
    assertThat(target.get("/load").body()).isEqualTo("loaded");
  }

  @Test
  void refusesACheckedExceptionTheMethodDoesNotDeclare() throws Exception {
    assertThatThrownBy(() -> agent.add(JvmRule.throwing("java.io.IOException", null).on(T + "Greeter", "greet")))
        .isInstanceOf(JvmAgentException.class)
        .hasMessage("java.io.IOException is a checked exception and " + T + "Greeter.greet does not declare it "
            + "(declares: nothing); use an unchecked exception such as java.lang.IllegalStateException, or select a "
            + "method that declares it");
    assertThat(agent.rules()).isEmpty();
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
  }

  @Test
  void addsLatencyUntilCleared() throws Exception {
    int id = agent.add(JvmRule.latency(Duration.ofMillis(1500), Duration.ofMillis(100)).on(T + "Greeter", "greet"));
    TargetJvm.Reply slow = target.get("/greet");
    assertThat(slow.body()).isEqualTo("hello world");
    assertThat(slow.elapsedMs()).isGreaterThanOrEqualTo(1495);
    agent.clear(id);
    assertThat(target.get("/greet").elapsedMs()).isLessThan(1500);
  }

  @Test
  void clearingALatencyReleasesCallsAlreadyWaiting() throws Exception {
    int id = agent.add(JvmRule.latency(Duration.ofMinutes(10), Duration.ZERO).on(T + "Greeter", "greet"));
    CompletableFuture<TargetJvm.Reply> waiting = CompletableFuture.supplyAsync(() -> {
      try {
        return target.get("/greet");
      } catch (Exception e) {
        throw new CompletionException(e);
      }
    });
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (agent.rules().get(0).hits() == 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(agent.rules().get(0).hits()).as("the request reached the delayed method").isEqualTo(1);
    agent.clear(id);
    // Well under the 10-minute latency and the client's 20 s timeout: the clear let the call go.
    TargetJvm.Reply released = waiting.get(10, TimeUnit.SECONDS);
    assertThat(released.body()).isEqualTo("hello world");
  }

  @Test
  void refusesALatencyLongerThanAnHour() throws Exception {
    assertThatThrownBy(() -> agent.add(JvmRule.latency(Duration.ofMinutes(59), Duration.ofMinutes(2))
        .on(T + "Greeter", "greet")))
        .hasMessage("latency 3540000ms + up to 120000ms jitter is longer than the 1 hour a rule may add; "
            + "choose a shorter --latency (and --jitter)");
    assertThat(agent.rules()).isEmpty();
  }

  @Test
  void returnsChosenPrimitiveValues() throws Exception {
    agent.add(JvmRule.returning("7").on(T + "Inventory", "count"));
    agent.add(JvmRule.returning("false").on(T + "Inventory", "available"));
    assertThat(target.get("/stock").body()).isEqualTo("7");
    assertThat(target.get("/available").body()).isEqualTo("false");
    agent.clearAll();
    assertThat(target.get("/stock").body()).isEqualTo("42");
    assertThat(target.get("/available").body()).isEqualTo("true");
  }

  @Test
  void refusesAValueOfTheWrongType() throws Exception {
    assertThatThrownBy(() -> agent.add(JvmRule.returning("many").on(T + "Inventory", "count")))
        .hasMessage("cannot return 'many' from " + T + "Inventory.count: it returns int and 'many' is not a int");
    assertThatThrownBy(() -> agent.add(JvmRule.returning("null").on(T + "Inventory", "count")))
        .hasMessage("cannot return null from " + T + "Inventory.count: it returns int");
    assertThat(agent.rules()).isEmpty();
    assertThat(target.get("/stock").body()).isEqualTo("42");
  }

  @Test
  void selectsImplementationsOfAnInterface() throws Exception {
    agent.add(JvmRule.returning("5").on(T + "PriceSource", "price").implementations(true));
    assertThat(target.get("/price").body()).isEqualTo("5");
    agent.clearAll();
    assertThat(target.get("/price").body()).isEqualTo("100");
  }

  @Test
  void selectsByGlobAndParameterTypes() throws Exception {
    agent.add(JvmRule.throwing("java.lang.UnsupportedOperationException", "nope").on(T + "Gree*", "greet")
        .params(List.of("String")));
    assertThat(target.get("/greet").body()).isEqualTo("java.lang.UnsupportedOperationException: nope");
    assertThatThrownBy(() -> agent.add(JvmRule.throwing("java.lang.IllegalStateException", null)
        .on(T + "Greeter", "greet").params(List.of("int"))))
        .hasMessage("no method " + T + "Greeter.greet(int) in " + T + "Greeter; its methods: greet");
  }

  @Test
  void refusesUnknownClassesAndMethods() throws Exception {
    assertThatThrownBy(() -> agent.add(JvmRule.latency(Duration.ofMillis(10), Duration.ZERO).on(T + "Nope", "greet")))
        .hasMessage("no loaded class matches '" + T + "Nope'; check the name, or add --allow-unloaded to instrument it "
            + "when it loads");
    assertThatThrownBy(() -> agent.add(JvmRule.latency(Duration.ofMillis(10), Duration.ZERO).on(T + "Greeter", "wave")))
        .hasMessage("no method " + T + "Greeter.wave in " + T + "Greeter; its methods: greet");
    assertThatThrownBy(() -> agent.add(JvmRule.throwing("com.example.NoSuchException", null).on(T + "Greeter", "greet")))
        .hasMessage("exception type com.example.NoSuchException was not found in the target JVM; give a fully "
            + "qualified class name such as java.lang.IllegalStateException");
    assertThat(agent.rules()).isEmpty();
  }

  @Test
  void aRuleOnAClassNotYetLoadedTakesEffectWhenItLoads() throws Exception {
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "early").on(T + "LateLoaded", "value")
        .allowUnloaded(true));
    // Only one test may load LateLoaded: the check below needs it unloaded when the rule is added.
    assertThat(target.get("/late").body()).isEqualTo("java.lang.IllegalStateException: early");
    agent.clearAll();
    assertThat(target.get("/late").body()).isEqualTo("late");
  }

  @Test
  void refusesABroadPatternUnlessAllowed() throws Exception {
    assertThatThrownBy(() -> agent.add(JvmRule.latency(Duration.ofMillis(1), Duration.ZERO)
        .on("java.util.**", "toString")))
        .hasMessageStartingWith("'java.util.**' matches ")
        .hasMessageEndingWith(" loaded classes (more than 50); name the class more precisely, or add --allow-broad");
    assertThat(agent.rules()).isEmpty();
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
  }

  @Test
  void refusesJdkClasses() throws Exception {
    assertThatThrownBy(() -> agent.add(JvmRule.throwing("java.lang.IllegalStateException", null)
        .on("java.lang.String", "trim")))
        .hasMessage("only JDK classes match 'java.lang.String' (e.g. java.lang.String); method rules change "
            + "application classes only");
    assertThat(agent.rules()).isEmpty();
  }

  @Test
  void probabilityZeroNeverFiresAndMaxHitsStopsFiring() throws Exception {
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "never").on(T + "Greeter", "greet").probability(0.0));
    for (int i = 0; i < 20; i++) {
      assertThat(target.get("/greet").status()).isEqualTo(200);
    }
    assertThat(agent.rules().get(0).hits()).isZero();
    agent.clearAll();
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "twice").on(T + "Greeter", "greet").maxHits(2L));
    assertThat(target.get("/greet").status()).isEqualTo(500);
    assertThat(target.get("/greet").status()).isEqualTo(500);
    assertThat(target.get("/greet").status()).isEqualTo(200);
    assertThat(agent.rules().get(0).state()).isEqualTo("exhausted");
    assertThat(agent.rules().get(0).hits()).isEqualTo(2);
  }

  @Test
  void aRuleWithALengthRevertsByItself() throws Exception {
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "brief").on(T + "Greeter", "greet")
        .length(Duration.ofMillis(500)));
    assertThat(target.get("/greet").status()).isEqualTo(500);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!agent.rules().isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    assertThat(agent.rules()).as("an expired rule is removed as clear removes it").isEmpty();
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
  }

  @Test
  void faultPointsAreTargetedByName() throws Exception {
    assertThat(target.get("/point").body()).isEqualTo("checked");
    int id = agent.add(JvmRule.throwing("java.lang.IllegalStateException", "checkout down").point("checkout"));
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "other").point("elsewhere"));
    assertThat(target.get("/point").body()).isEqualTo("java.lang.IllegalStateException: checkout down");
    agent.clear(id);
    assertThat(target.get("/point").body()).isEqualTo("checked");
    assertThatThrownBy(() -> agent.add(JvmRule.throwing("java.io.IOException", null).point("checkout")))
        .hasMessage("java.io.IOException is a checked exception and FaultPoint.check declares none; use an unchecked "
            + "exception such as java.lang.IllegalStateException");
  }

  @Test
  void skewsTheWallClockEverywhereUntilCleared() throws Exception {
    long hourMs = 3_600_000;
    agent.add(JvmRule.clockSkew(Duration.ofHours(1)));
    long before = System.currentTimeMillis();
    String body = target.get("/time").body();
    long after = System.currentTimeMillis();
    for (long reported : times(body)) {
      assertThat(reported).as(body).isBetween(before + hourMs - 50, after + hourMs + 50);
    }
    agent.clearAll();
    before = System.currentTimeMillis();
    body = target.get("/time").body();
    after = System.currentTimeMillis();
    for (long reported : times(body)) {
      assertThat(reported).as(body).isBetween(before - 50, after + 50);
    }
  }

  @Test
  void holdsHeapUntilCleared() throws Exception {
    long baseline = Long.parseLong(target.get("/heap").body());
    agent.add(JvmRule.memory(100));
    assertThat(Long.parseLong(target.get("/heap").body())).isGreaterThanOrEqualTo(baseline + 100);
    agent.clearAll();
    assertThat(Long.parseLong(target.get("/heap").body())).isLessThan(baseline + 50);
    assertThatThrownBy(() -> agent.add(JvmRule.memory(10_000))).hasMessageStartingWith("holding 10000 MB would leave");
  }

  @Test
  void burnsCpuUntilCleared() throws Exception {
    agent.add(JvmRule.cpu(2));
    long burned = cpuNanosOverOneSecond();
    agent.clearAll();
    Thread.sleep(200);
    long idle = cpuNanosOverOneSecond();
    // Relative, not absolute: on a loaded build machine two burning threads may get far less than a core.
    assertThat(burned).as("CPU time over 1 s while burning").isGreaterThan(100_000_000L);
    assertThat(idle).as("CPU time over 1 s after clear").isLessThan(burned / 2);
  }

  @Test
  void killsTheJvmWhenTheMethodIsCalled() throws Exception {
    try (TargetJvm victim = TargetJvm.start(javaHome())) {
      JvmAgentClient.forPid(victim.pid(), stateDir).add(JvmRule.kill(3, false).on(T + "Greeter", "greet"));
      assertThat(victim.get("/stock").body()).isEqualTo("42");
      assertThatThrownBy(() -> victim.get("/greet")).isInstanceOf(java.io.IOException.class);
      assertThat(victim.awaitExit(10)).isEqualTo(3);
    }
  }

  @Test
  void killsTheJvmNowWithHalt() throws Exception {
    try (TargetJvm victim = TargetJvm.start(javaHome())) {
      JvmAgentClient.forPid(victim.pid(), stateDir).add(JvmRule.kill(4, true));
      assertThat(victim.awaitExit(10)).isEqualTo(4);
    }
  }

  private long cpuNanosOverOneSecond() throws Exception {
    long a = Long.parseLong(target.get("/cpu").body());
    Thread.sleep(1000);
    return Long.parseLong(target.get("/cpu").body()) - a;
  }

  private static long[] times(String body) {
    String[] parts = body.split(" ");
    long[] out = new long[parts.length];
    for (int i = 0; i < parts.length; i++) {
      out[i] = Long.parseLong(parts[i].substring(parts[i].indexOf('=') + 1));
    }
    return out;
  }
}
