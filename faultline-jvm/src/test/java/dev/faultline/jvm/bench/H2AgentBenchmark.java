package dev.faultline.jvm.bench;

import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmRule;
import dev.faultline.jvm.TargetJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JVM agent on a real application (issue 10 item 3; BENCHMARKS.md): an H2 TCP server in a
 * child JVM, driven by a JDBC client, on JDK 17 and JDK 25, against the small test service in the
 * same run. Each case is measured from the client's first call ({@link JvmAgentClient#forPid},
 * which attaches when needed) to the first request that sees the effect:
 * <ul>
 *   <li>first rule: agent not attached; throw on {@code org.h2.command.Command#executeQuery}
 *       (every query of every session runs it) until a {@code SELECT 1} fails with its message;</li>
 *   <li>second rule: throw on {@code Command#executeUpdate} until a {@code SET} fails;</li>
 *   <li>clock skew +1 h on an H2 JVM that also loaded {@code GENERATED} generated application
 *       classes (one in ten calls {@code System.currentTimeMillis()}), until
 *       {@code SELECT CURRENT_TIMESTAMP} is an hour ahead.</li>
 * </ul>
 * Not a test: prints figures. Arguments: {@code [RUNS] [GENERATED]} (defaults 3, 10000).
 */
public final class H2AgentBenchmark {
  private static final long HOUR_MS = 3_600_000;
  /** Bound on every wait for an effect. */
  private static final long WAIT_NANOS = Duration.ofSeconds(120).toNanos();

  private H2AgentBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int generated = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    Path jar = GeneratedClasses.writeJar(Files.createTempFile("faultline-generated", ".jar"), generated, 10);
    Map<String, List<Long>> figures = new LinkedHashMap<>();
    for (String jdk : List.of("17", "25")) {
      Path home = jdk.equals("17") ? TargetJvm.jdk17() : TargetJvm.jdk25();
      for (int run = 1; run <= runs; run++) {
        smallService(jdk, home, figures);
        h2(jdk, home, null, 0, figures);
        h2(jdk, home, jar, generated, figures);
      }
    }
    System.out.println();
    System.out.printf("%-44s %-26s %8s %s%n", "case", "runs (ms)", "median", "ratio to small service");
    for (Map.Entry<String, List<Long>> e : figures.entrySet()) {
      String key = e.getKey();
      long median = median(e.getValue());
      String small = key.replaceFirst("^(JDK \\d+) h2[^:]*:", "$1 small service:");
      String ratio = "";
      if (!small.equals(key) && figures.containsKey(small)) {
        ratio = String.format("%.2fx", median / (double) Math.max(1, median(figures.get(small))));
      }
      System.out.printf("%-44s %-26s %8d %s%n", key, e.getValue(), median, ratio);
    }
    Files.deleteIfExists(jar);
  }

  private static void smallService(String jdk, Path home, Map<String, List<Long>> figures) throws Exception {
    Path state = Files.createTempDirectory("faultline-bench-state");
    try (TargetJvm t = TargetJvm.start(home)) {
      t.get("/greet");
      t.get("/stock");
      long t0 = System.nanoTime();
      JvmAgentClient agent = JvmAgentClient.forPid(t.pid(), state);
      agent.add(JvmRule.throwing("java.lang.IllegalStateException", "bench").on("dev.faultline.jvm.target.Greeter", "greet"));
      awaitHttp(t, "/greet");
      record(figures, "JDK " + jdk + " small service: first rule", t0);
      t0 = System.nanoTime();
      agent.add(JvmRule.throwing("java.lang.IllegalStateException", "bench").on("dev.faultline.jvm.target.Inventory", "count"));
      awaitHttp(t, "/stock");
      record(figures, "JDK " + jdk + " small service: second rule", t0);
      agent.clearAll();
      t0 = System.nanoTime();
      agent.add(JvmRule.clockSkew(Duration.ofHours(1)));
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (Long.parseLong(t.get("/time").body().split(" ")[0].substring(7)) - System.currentTimeMillis() < HOUR_MS / 2) {
        check(deadline, "clock skew on the small service");
      }
      record(figures, "JDK " + jdk + " small service: clock skew", t0);
    }
  }

  private static void h2(String jdk, Path home, Path jar, int generated, Map<String, List<Long>> figures)
      throws Exception {
    Path state = Files.createTempDirectory("faultline-bench-state");
    try (H2Target h2 = H2Target.start(home, jar, generated); Connection c = h2.connect(); Statement s = c.createStatement()) {
      String name = "JDK " + jdk + " h2" + (jar == null ? "" : " +" + generated / 1000 + "k classes");
      for (int i = 0; i < 50; i++) {
        query(s, "SELECT 1");
        s.execute("SET @X = " + i);
      }
      System.out.println(name + ": " + h2.loadedClasses() + " classes loaded at start");
      long t0 = System.nanoTime();
      JvmAgentClient agent = JvmAgentClient.forPid(h2.pid(), state);
      record(figures, name + ": first rule (attach part)", t0);
      agent.add(JvmRule.throwing("java.lang.IllegalStateException", "faultline-first").on("org.h2.command.Command",
          "executeQuery"));
      record(figures, name + ": first rule (add's reply)", t0);
      awaitSqlFailure(() -> query(s, "SELECT 1"), "faultline-first");
      record(figures, name + ": first rule", t0);
      t0 = System.nanoTime();
      agent.add(JvmRule.throwing("java.lang.IllegalStateException", "faultline-second").on("org.h2.command.Command",
          "executeUpdate"));
      awaitSqlFailure(() -> s.execute("SET @X = 1"), "faultline-second");
      record(figures, name + ": second rule", t0);
      agent.clearAll();
      t0 = System.nanoTime();
      JvmAgentClient.Added added = agent.addRule(JvmRule.clockSkew(Duration.ofHours(1)));
      record(figures, name + ": clock skew (add's reply)", t0);
      long deadline = System.nanoTime() + WAIT_NANOS;
      while (currentTimestamp(s) - System.currentTimeMillis() < HOUR_MS / 2) {
        check(deadline, "clock skew on H2");
      }
      record(figures, name + ": clock skew", t0);
      System.out.println(name + ": clock skew rewrote " + agent.rules().get(0).instrumentedClasses()
          + " classes, skipped " + added.skippedClasses());
      agent.clearAll();
    }
  }

  private interface Sql {
    void run() throws SQLException;
  }

  private static void query(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
    }
  }

  private static long currentTimestamp(Statement s) throws SQLException {
    try (ResultSet r = s.executeQuery("SELECT CURRENT_TIMESTAMP")) {
      r.next();
      return r.getTimestamp(1).getTime();
    }
  }

  private static void awaitSqlFailure(Sql sql, String message) throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (true) {
      try {
        sql.run();
      } catch (SQLException e) {
        if (String.valueOf(e.getMessage()).contains(message)) {
          return;
        }
        throw e;
      }
      check(deadline, "the fault " + message);
    }
  }

  private static void awaitHttp(TargetJvm t, String path) throws Exception {
    long deadline = System.nanoTime() + WAIT_NANOS;
    while (t.get(path).status() != 500) {
      check(deadline, "a 500 from " + path);
    }
  }

  private static void check(long deadline, String what) {
    if (System.nanoTime() - deadline > 0) {
      throw new IllegalStateException(what + " never showed");
    }
  }

  private static void record(Map<String, List<Long>> figures, String key, long t0) {
    long ms = (System.nanoTime() - t0) / 1_000_000;
    figures.computeIfAbsent(key, k -> new ArrayList<>()).add(ms);
    System.out.println(key + ": " + ms + " ms");
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
