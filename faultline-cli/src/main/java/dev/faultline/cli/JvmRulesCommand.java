package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmAgentException;
import dev.faultline.jvm.JvmStateDir;
import dev.faultline.jvm.RuleStatus;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline jvm rules --pid N [--json]}: the rules in a JVM with their hit counts. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List a JVM's fault rules with hit counts.")
final class JvmRulesCommand implements Callable<Integer> {
  private static final Set<String> NUMBERS = Set.of("id", "hits", "classes", "maxHits", "lengthMs", "remainingMs",
      "leaseMs", "expiresInMs", "skipped",
      "probability");

  @Option(names = "--pid", required = true, paramLabel = "N", description = "The target JVM's process id.")
  long pid;

  @Option(names = "--json", description = "Print a JSON array instead of a table.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    List<RuleStatus> rules;
    try {
      // Listing never attaches: a JVM without the agent has no rules.
      var client = JvmAgentClient.existing(pid, JvmStateDir.resolve());
      if (client.isEmpty()) {
        spec.commandLine().getOut().println(json ? "[ ]" : "no agent in JVM " + pid + ", so no rules");
        return 0;
      }
      rules = client.get().rules();
    } catch (JvmAgentException e) {
      spec.commandLine().getErr().println("faultline: jvm rules: " + e.getMessage());
      return 1;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      List<Map<String, Object>> list = new ArrayList<>();
      for (RuleStatus r : rules) {
        Map<String, Object> m = new LinkedHashMap<>();
        r.fields().forEach((k, v) -> m.put(k, NUMBERS.contains(k) ? Double.valueOf(v) : v));
        m.replaceAll((k, v) -> v instanceof Double d && d == Math.rint(d) && !k.equals("probability") ? d.longValue() : v);
        list.add(m);
      }
      out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(list));
      return 0;
    }
    if (rules.isEmpty()) {
      out.println("no rules in JVM " + pid);
      return 0;
    }
    out.printf("%-4s %-10s %-9s %8s  %-22s %-45s %s%n", "ID", "KIND", "STATE", "HITS", "EXPIRES", "TARGET", "EFFECT");
    for (RuleStatus r : rules) {
      out.printf("%-4d %-10s %-9s %8d  %-22s %-45s %s%n", r.id(), r.kind(), r.state(), r.hits(), r.expiry(), r.target(),
          r.effect());
      if (r.skippedClasses() > 0) {
        out.printf("     skipped %d class%s that could not be rewritten, e.g. %s%n", r.skippedClasses(),
            r.skippedClasses() == 1 ? "" : "es", r.fields().get("skippedExamples"));
      }
    }
    return 0;
  }
}
