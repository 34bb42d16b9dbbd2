package dev.faultline.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import dev.faultline.server.TestServer.Response;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two or more servers on one real PostgreSQL: each run executes on the replica that claimed it; a
 * halt or abort through another replica stops it; its events can be followed through any replica;
 * and when the executing replica is SIGKILLed with a real proxy toxic applied, another replica
 * removes the toxic and marks the run interrupted.
 */
class ReplicasTest {
  /**
   * Short, so a dead replica is noticed quickly; the faults' own lease (15 s) stays far longer. Not
   * shorter: on a loaded machine a live replica's renewals must still arrive in time.
   */
  private static final long LEASE_MS = 3_000;
  @TempDir
  static Path pgDir;
  static RealPostgres pg;

  @BeforeAll
  static void startPostgres() throws Exception {
    pg = RealPostgres.start(pgDir);
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    if (pg != null) {
      pg.close();
    }
  }

  private static TestServer replica(Path dir) throws Exception {
    return TestServer.start(dir, c -> c.withDatabaseUrl(pg.url()).withRunLeaseMs(LEASE_MS), pg.env());
  }

  @Test
  void aHaltOrAbortThroughOneReplicaStopsARunExecutingOnAnother(@TempDir Path dir) throws Exception {
    try (TestServer a = replica(dir); TestServer b = replica(dir)) {
      assertThat(a.server.replicaId()).isNotEqualTo(b.server.replicaId());
      String operator = a.token("operator");
      String viewer = b.token("viewer"); // tokens live in the shared database: either replica knows both

      // abort through B of a run on A, while B's event stream follows it from the database
      String first = submit(a, operator, TestServer.experiment("long", TestServer.pause(60)));
      a.awaitRunning(first, viewer);
      CompletableFuture<List<String>> followed = CompletableFuture.supplyAsync(() -> {
        try {
          return b.sse(first, viewer);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(300); // the stream has replayed what is stored and is polling
      Response aborted = b.call("POST", "/api/v1/runs/" + first + "/abort", operator, "{\"reason\": \"from B\"}");
      assertThat(aborted.status()).as(aborted.toString()).isEqualTo(202);
      Map<String, Object> ended = b.awaitEnd(first, viewer, Duration.ofSeconds(10));
      assertThat(ended.get("status")).isIn("aborted", "interrupted");
      assertThat(ended.get("abort_reason").toString()).contains("from B");
      List<String> lines = followed.get(20, TimeUnit.SECONDS);
      assertThat(lines).contains("event: run_started", "event: end");
      assertThat(lines.stream().filter(l -> l.startsWith("data: {\"run_id\"")).findFirst().orElseThrow())
          .contains("\"run_id\":\"" + first + "\"");

      // halt through B of a run on A
      String second = submit(a, operator, TestServer.experiment("long2", TestServer.pause(60)));
      a.awaitRunning(second, viewer);
      long haltStart = System.nanoTime();
      Response halted = b.call("POST", "/api/v1/halt", operator, "{\"reason\": \"incident on B\"}");
      assertThat(halted.status()).as(halted.toString()).isEqualTo(200);
      Map<String, Object> run = b.awaitEnd(second, viewer, Duration.ofSeconds(10));
      long stoppedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - haltStart);
      System.out.println("replicas: halt through B -> run on A ended in " + stoppedMs + " ms");
      assertThat(run.get("status")).isIn("aborted", "interrupted");
      assertThat(run.get("abort_reason").toString()).contains("incident on B");
      assertThat(halted.json().get("aborted_runs")).asList().contains(second);
      assertThat(halted.json().get("still_stopping")).asList().isEmpty();
      // A refuses new runs too: the halt row is shared
      assertThat(a.call("POST", "/api/v1/runs", operator, "{\"document\": " + TestServer.experiment("x",
          TestServer.ECHO) + "}").status()).isEqualTo(409);
      assertThat(a.call("DELETE", "/api/v1/halt", a.adminToken, null).status()).isEqualTo(200);

      // each run ran on one replica, the one that claimed it as it was stored
      String third = submit(b, operator, TestServer.experiment("short", TestServer.ECHO));
      assertThat(a.awaitEnd(third, viewer, Duration.ofSeconds(20))).containsEntry("status", "completed");
      // no live replica's run was ever taken for a dead one's (the database is shared with the other test)
      assertThat(a.get("/api/v1/audit?kind=run.interrupt", viewer).body()).doesNotContain(first, second, third);
    }
  }

  @Test
  void whenTheExecutingReplicaIsKilledAnotherRevertsItsToxicAndMarksTheRunInterrupted(@TempDir Path dir)
      throws Exception {
    List<String> proxyAudit = new CopyOnWriteArrayList<>();
    try (ProxyServer proxy = ProxyServer.start(ProxyServerOptions.defaults().withPort(0)
        .withAuditSink(proxyAudit::add))) {
      String api = "http://127.0.0.1:" + proxy.apiPort();
      ToxiproxyClient client = new ToxiproxyClient(api, Optional.empty());
      client.createProxy("db", "127.0.0.1:0", "127.0.0.1:9", true);
      // B stores the admin token the process reads; B and C both sweep for the dead replica's runs
      try (TestServer b = replica(dir); TestServer c = replica(dir)) {
        Process a = startReplicaProcess(dir);
        try {
          TestServer remoteA = TestServer.remote(dir, awaitListening(a));
          String operator = b.token("operator");
          String experiment = TestServer.experiment("toxic then wait",
              "{\"type\": \"action\", \"name\": \"slow-db\", \"provider\": {\"type\": \"fault\", "
                  + "\"fault\": \"proxy-latency\", \"parameters\": {\"proxy\": \"db\", \"latencyMs\": 500, "
                  + "\"apiUrl\": \"" + api + "\"}}}, " + TestServer.pause(120));
          String run = submit(remoteA, operator, experiment);
          awaitToxics(client, 1);
          awaitFaultState(b, run, "applied");

          a.destroyForcibly(); // SIGKILL: no shutdown hook, no revert by A
          assertThat(a.waitFor(10, TimeUnit.SECONDS)).isTrue();
          long killed = System.nanoTime();

          awaitToxics(client, 0);
          long revertedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
          Map<String, Object> ended = b.awaitEnd(run, b.adminToken, Duration.ofSeconds(10));
          System.out.println("replicas: SIGKILL of the executing replica -> toxic removed by the other in "
              + revertedMs + " ms (lease " + LEASE_MS + " ms)");
          assertThat(ended).containsEntry("status", "interrupted");
          assertThat(ended.get("verdict").toString()).contains("stopped renewing its lease");
          assertThat(ended.get("faults").toString()).contains("state=reverted");
          // removed by a replica through the API, not by the proxy's lease running out
          assertThat(proxyAudit).anyMatch(l -> l.contains("toxic.delete")).noneMatch(l -> l.contains("toxic.expire"));
          // exactly one of the two sweeping replicas recovered it; its log line and audit entry follow
          // the status change in the database, so wait for them (bounded) before counting
          ContinuousFixtures.await("the recovering replica's log line and audit entry", Duration.ofSeconds(10),
              () -> (b.output.toString() + c.output.toString()).contains("Recovered run " + run)
                  && b.get("/api/v1/audit?kind=run.interrupt", b.adminToken).body().contains(run));
          assertThat(List.of(b.output.toString(), c.output.toString()))
              .filteredOn(o -> o.contains("Recovered run " + run)).hasSize(1);
          assertThat(b.get("/api/v1/audit?kind=run.interrupt", b.adminToken).body().split(run, -1)).hasSize(2);
        } finally {
          a.destroyForcibly();
        }
      }
    }
  }

  @Test
  void aRunAcceptedByABusyReplicaIsClaimedAndExecutedByOneWithAFreeSlot(@TempDir Path dir) throws Exception {
    java.util.function.UnaryOperator<ServerConfig> oneSlot = c -> c.withDatabaseUrl(pg.url()).withRunLeaseMs(LEASE_MS)
        .withMaxRunning(1);
    try (TestServer a = TestServer.start(dir, oneSlot, pg.env()); TestServer b = TestServer.start(dir, oneSlot,
        pg.env())) {
      String operator = a.token("operator");
      String busyA = submit(a, operator, TestServer.experiment("busy A", TestServer.pause(60)));
      a.awaitRunning(busyA, operator);

      // A has no free slot: the run waits unclaimed in the database and B, idle, claims it; its
      // variables (given only to A) reach B through the handover
      String greeting = "{\"type\": \"action\", \"name\": \"greet\", \"provider\": {\"type\": \"process\", "
          + "\"path\": \"echo\", \"arguments\": [\"${greeting}\"]}}";
      String document = "{\"title\": \"greet\", \"description\": \"d\", \"configuration\": {\"greeting\": "
          + "\"default\"}, \"method\": [" + greeting + "]}";
      Response handed = a.call("POST", "/api/v1/runs", operator, "{\"document\": " + document
          + ", \"vars\": {\"greeting\": \"hello-from-A\"}}");
      assertThat(handed.status()).as(handed.toString()).isEqualTo(202);
      String moved = (String) handed.json().get("id");
      Map<String, Object> done = b.awaitEnd(moved, operator, Duration.ofSeconds(20));
      assertThat(done).containsEntry("status", "completed").containsEntry("executor", b.server.replicaId());
      // whitespace-agnostic: the journal route's JSON layout (pretty or compact) is not what is tested here
      assertThat(b.get("/api/v1/runs/" + moved + "/journal", operator).body().replaceAll("\\s*:\\s*", ":"))
          .contains("\"stdout\":\"hello-from-A");

      // both busy: a waiting run can be aborted through either replica, and a halt ends the rest
      String busyB = submit(b, operator, TestServer.experiment("busy B", TestServer.pause(60)));
      b.awaitRunning(busyB, operator);
      String waiting = submit(a, operator, TestServer.experiment("waits", TestServer.ECHO));
      String waiting2 = submit(a, operator, TestServer.experiment("waits too", TestServer.ECHO));
      assertThat(a.get("/api/v1/runs/" + waiting, operator).json()).containsEntry("status", "queued")
          .containsEntry("executor", null);
      assertThat(b.call("POST", "/api/v1/runs/" + waiting + "/abort", operator, "{}").status()).isEqualTo(202);
      assertThat(a.get("/api/v1/runs/" + waiting, operator).json()).containsEntry("status", "aborted");
      Response halted = b.call("POST", "/api/v1/halt", operator, "{\"reason\": \"stop all\"}");
      assertThat(halted.status()).as(halted.toString()).isEqualTo(200);
      for (String id : List.of(busyA, busyB, waiting2)) {
        assertThat(a.awaitEnd(id, operator, Duration.ofSeconds(10)).get("status")).as(id).isIn("aborted", "interrupted");
      }
      assertThat(a.call("DELETE", "/api/v1/halt", a.adminToken, null).status()).isEqualTo(200);
    }
  }

  @Test
  void aReplicaThatLostItsClaimStopsTheRunAndTheRunIsRecovered(@TempDir Path dir) throws Exception {
    try (TestServer a = replica(dir); TestServer b = replica(dir);
        dev.faultline.server.db.Database db = dev.faultline.server.db.Database.open(
            dev.faultline.server.db.DatabaseLocation.resolve(dir, pg.url(), pg.env()))) {
      String operator = a.token("operator");
      String run = submit(a, operator, TestServer.experiment("claimed", TestServer.pause(60)));
      a.awaitRunning(run, operator);
      // as if A had been frozen past its lease and another replica (since dead) had taken the run over
      int changed = db.jdbi().withHandle(h -> h.createUpdate("UPDATE runs SET executor = 'srv_gone', "
          + "lease_until_ms = :past WHERE id = :id").bind("past", System.currentTimeMillis() - 1).bind("id", run)
          .execute());
      assertThat(changed).isEqualTo(1);
      Map<String, Object> ended = b.awaitEnd(run, operator, Duration.ofSeconds(15));
      assertThat(ended).containsEntry("status", "interrupted");
      assertThat(ended.get("verdict").toString()).contains("replica srv_gone");
      assertThat(a.server.api()).isNotNull();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (a.get("/health", null).json().get("live_runs") instanceof Integer n && n > 0) {
        assertThat(System.nanoTime()).as("A still executes the run it lost").isLessThan(deadline);
        Thread.sleep(50);
      }
      // A's own end record did not overwrite the recovery's
      assertThat(a.get("/api/v1/runs/" + run, operator).json()).containsEntry("status", "interrupted");
    }
  }

  private static String submit(TestServer t, String token, String experiment) throws Exception {
    Response r = t.call("POST", "/api/v1/runs", token, "{\"document\": " + experiment + "}");
    assertThat(r.status()).as(r.toString()).isEqualTo(202);
    return (String) r.json().get("id");
  }

  private static Process startReplicaProcess(Path dir) throws Exception {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), ReplicaProcess.class.getName(), dir.toString(), pg.url(),
        String.valueOf(LEASE_MS)));
    ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
    pb.environment().putAll(pg.env());
    return pb.start();
  }

  /** Reads the process's output until it says where it listens (bounded: 60 s). */
  private static URI awaitListening(Process p) throws Exception {
    BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    CompletableFuture<URI> found = CompletableFuture.supplyAsync(() -> {
      StringBuilder seen = new StringBuilder();
      try {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          if (line.startsWith("LISTENING ")) {
            Thread drain = new Thread(() -> {
              try {
                while (out.readLine() != null) {
                  // keep the pipe from filling up
                }
              } catch (java.io.IOException ignored) {
                // the process was killed
              }
            });
            drain.setDaemon(true);
            drain.start();
            return URI.create(line.split(" ")[1]);
          }
          seen.append(line).append('\n');
        }
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalStateException("the replica process ended before listening:\n" + seen);
    });
    return found.get(60, TimeUnit.SECONDS);
  }

  private static void awaitToxics(ToxiproxyClient client, int count) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (client.toxics("db").size() != count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("proxy 'db' has " + client.toxics("db") + ", expected " + count + " toxic(s)");
      }
      Thread.sleep(25);
    }
  }

  private static void awaitFaultState(TestServer t, String run, String state) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!t.get("/api/v1/runs/" + run, t.adminToken).body().contains("\"state\":\"" + state + "\"")) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("fault of run " + run + " never " + state + ": " + t.get("/api/v1/runs/" + run,
            t.adminToken));
      }
      Thread.sleep(25);
    }
  }
}
