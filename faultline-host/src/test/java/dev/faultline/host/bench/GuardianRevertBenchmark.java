package dev.faultline.host.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.host.TestHost;
import dev.faultline.host.attack.CrashVictim;
import dev.faultline.host.attack.RenameVictim;
import dev.faultline.host.process.Commands;
import dev.faultline.host.process.ProcessInfo;
import dev.faultline.host.state.StateDirectory;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Time from SIGKILL of the process that applied a host change to the change being reverted by its
 * guardian, with nobody else running a Faultline command (not a test; needs root for the pause
 * victim only). Usage: {@code GuardianRevertBenchmark [runs per kind, default 20]}; prints p50,
 * p99 and max per kind.
 */
public final class GuardianRevertBenchmark {
  private GuardianRevertBenchmark() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20;
    for (String kind : List.of("disk", "pause", "forkbomb", "file-move")) {
      List<Long> ms = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        ms.add(once(kind));
      }
      Collections.sort(ms);
      System.out.printf("guardian revert after SIGKILL, %-9s n=%d  p50 %d ms  p99 %d ms  max %d ms%n", kind, runs,
          ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)), ms.get(ms.size() - 1));
    }
  }

  private static long once(String kind) throws Exception {
    TestHost host = new TestHost();
    Process victim = null;
    Process owner;
    BooleanSupplier reverted;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>(List.of(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
        System.getProperty("java.class.path")));
    if ("file-move".equals(kind)) {
      Path original = Files.writeString(host.stateDir.resolve("a.conf"), "x");
      Path moved = host.stateDir.resolve("a.conf.moved");
      command.addAll(List.of(RenameVictim.class.getName(), original.toString(), moved.toString()));
      reverted = () -> Files.exists(original);
    } else {
      Map<String, Object> parameters;
      if ("pause".equals(kind)) {
        victim = new ProcessBuilder("sleep", "600").start();
        parameters = Map.of("pid", victim.pid());
        long pid = victim.pid();
        reverted = () -> !ProcessInfo.isStopped(pid);
      } else if ("disk".equals(kind)) {
        parameters = Map.of("path", host.stateDir.toString(), "mb", 1, "floorMb", 0);
        reverted = () -> {
          try (var files = Files.list(host.stateDir)) {
            return files.noneMatch(f -> f.getFileName().toString().startsWith("faultline-fill-"));
          } catch (Exception e) {
            return false;
          }
        };
      } else {
        parameters = Map.of("count", 10);
        reverted = () -> Commands.run("pgrep", "-f", "faultline-forkbomb-placeholder").stdout().isBlank();
      }
      command.addAll(List.of(CrashVictim.class.getName(), "host-" + kind, new ObjectMapper().writeValueAsString(parameters)));
    }
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put(StateDirectory.ENV, host.stateDir.toString());
    pb.redirectErrorStream(true);
    owner = pb.start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(owner.getInputStream(), StandardCharsets.UTF_8));
      String id = null;
      for (String line; (line = out.readLine()) != null; ) {
        if (line.startsWith("APPLIED ")) {
          id = line.substring(8);
          break;
        }
      }
      if (id == null) {
        throw new IllegalStateException(kind + ": the owner did not apply");
      }
      if ("forkbomb".equals(kind)) {
        String marker = "forkbomb-" + id;
        reverted = () -> dev.faultline.host.process.MarkedProcesses.find(marker).isEmpty();
      }
      Thread.sleep(1000); // as in the issue: SIGKILL 1 s after apply
      long killedNs = System.nanoTime();
      owner.destroyForcibly();
      long deadlineNs = killedNs + 10_000_000_000L;
      while (!reverted.getAsBoolean() && System.nanoTime() < deadlineNs) {
        Thread.sleep(2);
      }
      return (System.nanoTime() - killedNs) / 1_000_000;
    } finally {
      owner.destroyForcibly();
      if (victim != null) {
        victim.destroyForcibly();
      }
    }
  }
}
