package dev.faultline.jvm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.jvmagent.wire.WireRecord;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Rules expire inside the target JVM (issue 8): by length, by a lease whose holder was SIGKILLed,
 * and adds that finish past the client's deadline are rolled back. Real target and controller JVMs.
 * Measured times are printed (for docs/jvm-agent.md), asserted only against generous bounds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RuleExpiryTest {
  private static final String GREETER = "dev.faultline.jvm.target.Greeter";
  private Path stateDir;
  private TargetJvm target;
  private JvmAgentClient agent;

  @BeforeAll
  void start() throws Exception {
    stateDir = Files.createTempDirectory("faultline-jvm-state");
    target = TargetJvm.start(TargetJvm.jdk17());
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

  @Test
  void aRuleWithALengthIsRemovedWhenItPasses() throws Exception {
    int id = agent.add(JvmRule.throwing("java.lang.IllegalStateException", "brief").on(GREETER, "greet")
        .length(Duration.ofSeconds(2)));
    long t0 = System.nanoTime(); // the length counts from the install, which the reply follows at once
    assertThat(target.get("/greet").status()).isEqualTo(500);
    RuleStatus status = agent.rules().get(0);
    assertThat(status.id()).isEqualTo(id);
    assertThat(status.expiry()).matches("in [12]\\.\\d s \\(length\\)");
    long goneMs = awaitGone(id, t0);
    System.out.printf("[measured] jvm rule with length 2 s removed %d ms after the add's reply%n", goneMs);
    assertThat(goneMs).isBetween(1_500L, 10_000L);
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
    assertThatThrownBy(() -> agent.clear(id)).hasMessage("rule " + id + " is gone: it expired: its length of 2000 ms ended");
  }

  @Test
  void aRuleAddedByHandNeverExpires() throws Exception {
    agent.add(JvmRule.throwing("java.lang.IllegalStateException", "manual").on(GREETER, "greet"));
    assertThat(agent.rules()).singleElement().satisfies(r -> {
      assertThat(r.expiry()).isEqualTo("never");
      assertThat(r.fields()).doesNotContainKeys("expiresInMs", "leaseMs", "lengthMs");
    });
  }

  @Test
  void aLeasedRuleWhoseHolderIsKilledGoesAwayWithinTheLease() throws Exception {
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LeaseHolder.class.getName(), String.valueOf(target.pid()),
        stateDir.toString(), GREETER, "greet", "2000").redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("APPLIED");
      RuleStatus rule = agent.rules().get(0);
      assertThat(rule.fields()).containsEntry("leaseMs", "2000").containsEntry("expiresBy", "lease");
      // Renewals keep it well past one lease.
      Thread.sleep(4_000);
      assertThat(agent.rules()).extracting(RuleStatus::id).containsExactly(rule.id());
      // A call held by the 10-minute latency: expiry must let it go, as clear does.
      CompletableFuture<TargetJvm.Reply> held = CompletableFuture.supplyAsync(() -> {
        try {
          return target.get("/greet");
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      awaitHits(1);
      long killed = System.nanoTime();
      holder.destroyForcibly(); // SIGKILL: no recover, no goodbye
      assertThat(holder.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long goneMs = awaitGone(rule.id(), killed);
      TargetJvm.Reply released = held.get(10, TimeUnit.SECONDS);
      long releasedMs = (System.nanoTime() - killed) / 1_000_000;
      System.out.printf("[measured] jvm rule with 2 s lease: holder SIGKILLed -> rule removed after %d ms, "
          + "held call released after %d ms%n", goneMs, releasedMs);
      assertThat(released.body()).isEqualTo("hello world");
      assertThat(goneMs).isLessThan(10_000);
      assertThat(target.get("/greet").elapsedMs()).isLessThan(5_000);
      assertThatThrownBy(() -> agent.renew(rule.id()))
          .hasMessage("rule " + rule.id() + " is gone: it expired: its lease of 2000 ms passed without a renewal");
    } finally {
      holder.destroyForcibly();
    }
  }

  @Test
  void renewedRulesStayAndRenewingAnUnknownRuleDisturbsNothing() throws Exception {
    JvmFault fault = new JvmFault(new JvmTarget(target.pid(), null),
        JvmRule.returning("7").on("dev.faultline.jvm.target.Inventory", "count"), stateDir);
    fault.apply(FaultExpiry.leased(Duration.ofSeconds(2), Optional.empty()));
    try {
      for (int i = 0; i < 6; i++) {
        Thread.sleep(700);
        fault.renew();
      }
      // 4.2 s: twice the lease, kept alive by renewals.
      assertThat(target.get("/stock").body()).isEqualTo("7");
      assertThatThrownBy(() -> agent.renew(999)).isInstanceOf(JvmAgentException.class)
          .hasMessage("no rule 999 in this JVM");
      AgentWire wire = new AgentWire(stateDir, target.pid());
      assertThat(wire.call(WireRecord.create().with("verb", "renew").with("id", "x")).get(0).fields())
          .containsEntry("status", "error").containsEntry("message", "rule id 'x' is not a number");
      assertThat(wire.call(WireRecord.create().with("verb", "renew")).get(0).fields())
          .containsEntry("message", "missing field 'id': the rule to act on");
      int manual = agent.add(JvmRule.throwing("java.lang.IllegalStateException", "m").on(GREETER, "greet"));
      assertThatThrownBy(() -> agent.renew(manual)).hasMessage("rule " + manual
          + " was added without a lease, so there is nothing to renew; it stays until cleared");
      assertThat(agent.rules()).hasSize(2);
      assertThat(target.get("/stock").body()).isEqualTo("7");
    } finally {
      fault.recover();
    }
    assertThat(target.get("/stock").body()).isEqualTo("42");
    assertThatThrownBy(fault::renew).isInstanceOf(FaultException.class);
  }

  @Test
  void aJvmFaultsDurationReachesTheAgentAsItsLengthBesideTheLease() throws Exception {
    JvmFault fault = new JvmFault(new JvmTarget(target.pid(), null),
        JvmRule.throwing("java.lang.IllegalStateException", "timed").on(GREETER, "greet"), stateDir);
    fault.apply(FaultExpiry.leased(Duration.ofSeconds(5), Optional.of(Duration.ofSeconds(20))));
    try {
      assertThat(agent.rules()).singleElement().satisfies(r -> {
        assertThat(r.fields()).containsEntry("leaseMs", "5000").containsEntry("lengthMs", "20000")
            .containsEntry("expiresBy", "lease");
        assertThat(r.expiresInMs().getAsLong()).isBetween(1L, 5_000L);
      });
      fault.renew();
      assertThat(agent.rules().get(0).expiresInMs().getAsLong()).isBetween(1L, 5_000L);
    } finally {
      fault.recover();
    }
    assertThat(agent.rules()).isEmpty();
    fault.recover(); // idempotent
  }

  @Test
  void anExpiryInThePastOrAbsurdIsRefusedWithTheValue() throws Exception {
    AgentWire wire = new AgentWire(stateDir, target.pid());
    Map<String, String> base = Map.of("verb", "add", "kind", "throw", "exception", "java.lang.IllegalStateException",
        "class", GREETER, "method", "greet");
    assertThat(refusal(wire, base, "lengthMs", "0")).isEqualTo("lengthMs: 0 is out of range; allowed 1 to 31622400000");
    assertThat(refusal(wire, base, "lengthMs", "-5000")).isEqualTo("lengthMs: -5000 is out of range; allowed 1 to 31622400000");
    assertThat(refusal(wire, base, "leaseMs", "-1")).isEqualTo("leaseMs: -1 is out of range; allowed 2000 to 86400000");
    assertThat(refusal(wire, base, "leaseMs", "500")).isEqualTo("leaseMs: 500 is out of range; allowed 2000 to 86400000");
    assertThat(refusal(wire, base, "lengthMs", "99999999999999999999999"))
        .isEqualTo("lengthMs: 99999999999999999999999 is out of range; allowed 1 to 31622400000");
    assertThat(refusal(wire, base, "timeoutMs", "0")).isEqualTo("timeoutMs: 0 is out of range; allowed 1 to 3600000");
    assertThatThrownBy(() -> agent.add(JvmRule.throwing("java.lang.IllegalStateException", null).on(GREETER, "greet")
        .length(Duration.ofDays(400)))).hasMessage("lengthMs: 34560000000 is out of range; allowed 1 to 31622400000");
    assertThat(agent.rules()).isEmpty();
    assertThat(target.get("/greet").body()).isEqualTo("hello world");
  }

  @Test
  void anAddThatFinishesPastItsDeadlineIsRolledBackAndNeverApplied() throws Exception {
    try (TargetJvm slow = TargetJvm.start(TargetJvm.jdk17(), "-Dfaultline.agent.testAddDelayMs=5000")) {
      JvmAgentClient slowAgent = JvmAgentClient.forPid(slow.pid(), stateDir);
      AgentWire wire = new AgentWire(stateDir, slow.pid());
      WireRecord add = WireRecord.create().with("verb", "add").with("kind", "throw")
          .with("exception", "java.lang.IllegalStateException").with("class", GREETER).with("method", "greet")
          .with("timeoutMs", 1000);
      CompletableFuture<List<WireRecord>> reply = CompletableFuture.supplyAsync(() -> {
        try {
          return wire.call(add);
        } catch (Exception e) {
          throw new CompletionException(e);
        }
      });
      // While that add is installing, rules answers (the add does not hold the channel).
      Thread.sleep(500);
      long t0 = System.nanoTime();
      assertThat(slowAgent.rules()).isEmpty();
      long rulesMs = (System.nanoTime() - t0) / 1_000_000;
      assertThat(reply.isDone()).as("rules answered before the slow add finished").isFalse();
      System.out.printf("[measured] jvm rules during a 5 s add answered in %d ms%n", rulesMs);
      assertThat(reply.get(20, TimeUnit.SECONDS).get(0).fields())
          .containsEntry("status", "error")
          .containsEntry("message", "installing the rule took longer than its deadline of 1000 ms (the client gives "
              + "up then); it was rolled back and will not be applied");
      Thread.sleep(1000);
      assertThat(slowAgent.rules()).isEmpty();
      assertThat(slow.get("/greet").body()).isEqualTo("hello world");
      // The same add within its deadline goes through.
      assertThat(wire.call(add.with("timeoutMs", 20_000)).get(0).get("status")).isEqualTo("ok");
      assertThat(slow.get("/greet").status()).isEqualTo(500);
    }
  }

  private static String refusal(AgentWire wire, Map<String, String> base, String key, String value) throws Exception {
    WireRecord r = WireRecord.create();
    base.forEach(r::with);
    r.with(key, value);
    WireRecord reply = wire.call(r).get(0);
    assertThat(reply.get("status")).isEqualTo("error");
    return reply.get("message");
  }

  private void awaitHits(long hits) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && (agent.rules().isEmpty() || agent.rules().get(0).hits() < hits)) {
      Thread.sleep(20);
    }
    assertThat(agent.rules().get(0).hits()).isGreaterThanOrEqualTo(hits);
  }

  /** Polls until rule {@code id} is gone; milliseconds since {@code sinceNanos}. */
  private long awaitGone(int id, long sinceNanos) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (System.nanoTime() < deadline) {
      if (agent.rules().stream().noneMatch(r -> r.id() == id)) {
        return (System.nanoTime() - sinceNanos) / 1_000_000;
      }
      Thread.sleep(20);
    }
    throw new AssertionError("rule " + id + " still present after 15 s: " + agent.rules());
  }
}
