package dev.faultline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code faultline jvm ...} against a real child JVM, through {@link Main#execute}. */
class JvmCommandTest {
  private Process child;
  private BufferedReader childOut;
  private String stateDirBefore;

  @TempDir
  Path stateDir;

  @BeforeEach
  void startChild() throws Exception {
    stateDirBefore = System.getProperty("faultline.jvm.stateDir");
    System.setProperty("faultline.jvm.stateDir", stateDir.toString());
    child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", Path.of("target", "test-classes").toAbsolutePath().toString(),
        JvmCliTarget.class.getName()).start();
    childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(childOut.readLine()).isEqualTo("beat");
  }

  @AfterEach
  void stopChild() throws Exception {
    child.destroyForcibly();
    child.waitFor(10, TimeUnit.SECONDS);
    if (stateDirBefore == null) {
      System.clearProperty("faultline.jvm.stateDir");
    } else {
      System.setProperty("faultline.jvm.stateDir", stateDirBefore);
    }
  }

  @Test
  void addsListsAndClearsARule() throws Exception {
    String pid = String.valueOf(child.pid());
    Result add = run("jvm", "add", "--pid", pid, "--class", JvmCliTarget.class.getName(), "--method", "beat",
        "--throw", "java.lang.IllegalStateException", "--message", "from the cli");
    assertThat(add.code()).as(add.err()).isZero();
    assertThat(add.out().trim()).isEqualTo("1");
    assertThat(Files.exists(stateDir.resolve(pid + ".token"))).isTrue();
    assertThat(awaitLine("error: from the cli")).isTrue();

    Result rules = run("jvm", "rules", "--pid", pid, "--json");
    JsonNode json = new ObjectMapper().readTree(rules.out());
    assertThat(json.get(0).get("id").asInt()).isEqualTo(1);
    assertThat(json.get(0).get("kind").asText()).isEqualTo("throw");
    assertThat(json.get(0).get("hits").asLong()).isPositive();

    Result clear = run("jvm", "clear", "--pid", pid);
    assertThat(clear.out().trim()).isEqualTo("cleared rule 1");
    assertThat(awaitLine("beat")).isTrue();
    assertThat(run("jvm", "rules", "--pid", pid).out().trim()).isEqualTo("no rules in JVM " + pid);
  }

  @Test
  void aBadRuleIsRefusedWithItsReasonAndExitCode1() throws Exception {
    String pid = String.valueOf(child.pid());
    Result add = run("jvm", "add", "--pid", pid, "--class", JvmCliTarget.class.getName(), "--method", "beat",
        "--throw", "java.io.IOException");
    assertThat(add.code()).isEqualTo(1);
    assertThat(add.err().trim()).isEqualTo("faultline: jvm add: rule refused: java.io.IOException is a checked "
        + "exception and " + JvmCliTarget.class.getName() + ".beat does not declare it (declares: nothing); use an "
        + "unchecked exception such as java.lang.IllegalStateException, or select a method that declares it");
    assertThat(run("jvm", "rules", "--pid", pid).out().trim()).isEqualTo("no rules in JVM " + pid);
  }

  @Test
  void rulesAndClearDoNotAttach() {
    String pid = String.valueOf(child.pid());
    assertThat(run("jvm", "rules", "--pid", pid).out().trim()).isEqualTo("no agent in JVM " + pid + ", so no rules");
    assertThat(run("jvm", "clear", "--pid", pid).out().trim())
        .isEqualTo("no agent in JVM " + pid + ", so nothing to clear");
    assertThat(Files.exists(stateDir.resolve(pid + ".token"))).isFalse();
  }

  @Test
  void aRuleWithTwoEffectsIsAUsageError() {
    Result add = run("jvm", "add", "--pid", String.valueOf(child.pid()), "--latency", "10ms", "--cpu-threads", "1");
    assertThat(add.code()).isEqualTo(Main.USAGE_ERROR);
    assertThat(add.err().trim()).isEqualTo("faultline: jvm add: give exactly one of --throw, --latency, --return, "
        + "--kill, --clock-skew, --memory-mb, --cpu-threads; got --latency and --cpu-threads");
  }

  @Test
  void rulesSayWhenEachRuleExpiresAndTheAgentEnforcesTheLength() throws Exception {
    String pid = String.valueOf(child.pid());
    Result manual = run("jvm", "add", "--pid", pid, "--class", JvmCliTarget.class.getName(), "--method", "beat",
        "--latency", "1ms");
    assertThat(manual.code()).as(manual.err()).isZero();
    Result timed = run("jvm", "add", "--pid", pid, "--class", JvmCliTarget.class.getName(), "--method", "beat",
        "--throw", "java.lang.IllegalStateException", "--message", "timed", "--length", "8s");
    assertThat(timed.code()).as(timed.err()).isZero();
    String table = run("jvm", "rules", "--pid", pid).out();
    assertThat(table).contains("EXPIRES");
    assertThat(table.lines().filter(l -> l.startsWith("1 ")).findFirst().orElseThrow()).contains(" never ");
    assertThat(table.lines().filter(l -> l.startsWith("2 ")).findFirst().orElseThrow()).containsPattern(
        " in [0-8]\\.\\d s \\(length\\) ");
    JsonNode json = new ObjectMapper().readTree(run("jvm", "rules", "--pid", pid, "--json").out());
    assertThat(json.get(1).get("lengthMs").asLong()).isEqualTo(8000);
    assertThat(json.get(1).get("expiresInMs").asLong()).isBetween(1L, 8000L);
    assertThat(json.get(0).has("expiresInMs")).isFalse();
    // The agent removes the timed rule by itself; the CLI process is long done with it.
    long deadline = System.nanoTime() + 30_000_000_000L;
    String after = "";
    while (System.nanoTime() < deadline) {
      after = run("jvm", "rules", "--pid", pid).out();
      if (after.lines().noneMatch(l -> l.startsWith("2 "))) {
        break;
      }
      Thread.sleep(100);
    }
    assertThat(after.lines().filter(l -> l.matches("^\\d+ .*"))).hasSize(1).allMatch(l -> l.startsWith("1 "));
    Result clear2 = run("jvm", "clear", "--pid", pid, "2");
    assertThat(clear2.code()).isEqualTo(1);
    assertThat(clear2.err().trim()).isEqualTo("faultline: jvm clear: rule 2 is gone: it expired: its length of 8000 ms ended");
  }

  @Test
  void absurdDurationsAreUsageErrorsWithTheValueGiven() {
    String pid = String.valueOf(child.pid());
    Result skew = run("jvm", "add", "--pid", pid, "--clock-skew", "99999999999999d");
    assertThat(skew.code()).isEqualTo(Main.USAGE_ERROR);
    assertThat(skew.err().trim())
        .isEqualTo("faultline: jvm add: --clock-skew: '99999999999999d' is too large; at most 36525d (100 years)");
    Result length = run("jvm", "add", "--pid", pid, "--cpu-threads", "1", "--length", "1000d");
    assertThat(length.err().trim()).isEqualTo("faultline: jvm add: --length: '1000d' is too large; at most 366d (1 year)");
    Result zero = run("jvm", "add", "--pid", pid, "--cpu-threads", "1", "--length", "0s");
    assertThat(zero.err().trim()).isEqualTo("faultline: jvm add: --length: must be more than 0 (leave it out for a rule "
        + "that stays until cleared)");
    assertThat(Files.exists(stateDir.resolve(pid + ".token"))).as("nothing was attached").isFalse();
  }

  @Test
  void stepsRunSeveralStepsInOneProcess() throws Exception {
    String pid = String.valueOf(child.pid());
    Path steps = stateDir.resolve("scenario.steps");
    Files.writeString(steps, String.join("\n",
        "# one CLI process, three agent steps",
        "add --class " + JvmCliTarget.class.getName() + " --method beat --throw java.lang.IllegalStateException"
            + " --message 'from steps'",
        "rules --json",
        "wait 300ms",
        "clear 1",
        ""));
    Result result = run("jvm", "steps", "--pid", pid, steps.toString());
    assertThat(result.code()).as(result.err()).isZero();
    assertThat(result.out()).contains("> add --class", "\"kind\" : \"throw\"", "> wait 300ms", "cleared rule 1");
    assertThat(awaitLine("error: from steps")).isTrue();
    assertThat(awaitLine("beat")).isTrue();
    assertThat(run("jvm", "rules", "--pid", pid).out().trim()).isEqualTo("no rules in JVM " + pid);
  }

  @Test
  void stepsAreAllCheckedBeforeAnyRuns() throws Exception {
    String pid = String.valueOf(child.pid());
    Path steps = stateDir.resolve("bad.steps");
    Files.writeString(steps, String.join("\n",
        "add --class " + JvmCliTarget.class.getName() + " --method beat --cpu-threads 1",
        "explode now",
        "add --pid 1 --cpu-threads 1",
        "wait soon",
        "add --message 'unclosed",
        "add --no-such-option"));
    Result result = run("jvm", "steps", "--pid", pid, steps.toString());
    assertThat(result.code()).isEqualTo(Main.USAGE_ERROR);
    String f = steps.toString();
    assertThat(result.err()).contains(
        f + ":2: unknown step 'explode'; expected add, rules, clear or wait",
        f + ":3: leave out --pid",
        f + ":4: wait: ",
        f + ":5: the quote ' opened at column 15 is not closed",
        f + ":6: add: Unknown option: '--no-such-option'",
        "nothing was run");
    assertThat(Files.exists(stateDir.resolve(pid + ".token"))).as("nothing was attached").isFalse();
  }

  @Test
  void stepsStopAtTheFirstFailingStep() throws Exception {
    String pid = String.valueOf(child.pid());
    Path steps = stateDir.resolve("failing.steps");
    Files.writeString(steps, String.join("\n",
        "add --class " + JvmCliTarget.class.getName() + " --method beat --throw java.io.IOException",
        "add --class " + JvmCliTarget.class.getName() + " --method beat --latency 1ms"));
    Result result = run("jvm", "steps", "--pid", pid, steps.toString());
    assertThat(result.code()).isEqualTo(1);
    assertThat(result.err()).contains("rule refused: java.io.IOException is a checked exception",
        f(steps) + ":1 failed (exit 1); the steps after it were not run");
    assertThat(run("jvm", "rules", "--pid", pid).out().trim()).isEqualTo("no rules in JVM " + pid);
  }

  private static String f(Path p) {
    return p.toString();
  }

  private boolean awaitLine(String wanted) throws Exception {
    for (int i = 0; i < 500; i++) {
      String line = childOut.readLine();
      if (wanted.equals(line)) {
        return true;
      }
    }
    return false;
  }

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      int code = Main.execute(args);
      return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
