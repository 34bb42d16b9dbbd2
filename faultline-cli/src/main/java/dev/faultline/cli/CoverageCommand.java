package dev.faultline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline coverage}: who is at which level, who opted out, what keeps failing, what expires soon. */
@Command(name = "coverage", mixinStandardHelpOptions = true,
    description = "Continuous-chaos coverage of a Faultline server: per service (level, opted in, last run, pass "
        + "rate, last deviation) and per organisation (services per level, opt-outs, schedules expiring soon).")
final class CoverageCommand implements Callable<Integer> {
  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Option(names = "--json", description = "Print the API's answer as one JSON object.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  @SuppressWarnings("unchecked")
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return serverOptions.exchange("coverage", spec.commandLine().getErr(),
        client -> print(out, client.get("/api/v1/coverage")));
  }

  @SuppressWarnings("unchecked")
  private int print(PrintWriter out, Map<String, Object> report) {
    if (json) {
      out.println(ServerClient.line(report));
      return 0;
    }
    Map<String, Object> org = (Map<String, Object>) report.get("organisation");
    out.println("services: " + org.get("services") + ", per level " + org.get("services_per_level"));
    out.printf("%-24s %-5s %-10s %-10s %-22s %s%n", "SERVICE", "LEVEL", "STATE", "PASS RATE", "LAST RUN",
        "LAST DEVIATION");
    for (Map<String, Object> s : ServerClient.list(report, "services")) {
      Map<String, Object> last = (Map<String, Object>) s.get("last_run");
      Map<String, Object> dev = (Map<String, Object>) s.get("last_deviation");
      Object rate = s.get("pass_rate");
      out.printf("%-24s %-5s %-10s %-10s %-22s %s%n", s.get("name") == null ? s.get("service") : s.get("name"),
          s.get("level"), Boolean.TRUE.equals(s.get("opted_in")) ? "opted-in" : "opted-out",
          rate == null ? "-" : Math.round(((Number) rate).doubleValue() * 100) + "% of " + s.get("runs_ended"),
          last == null ? "-" : last.get("id") + " " + last.get("status"),
          dev == null ? "-" : dev.get("id") + " " + dev.get("status") + ": " + dev.get("verdict"));
    }
    List<Map<String, Object>> out2 = (List<Map<String, Object>>) org.get("opted_out");
    if (out2 != null && !out2.isEmpty()) {
      out.println("opted out:");
      out2.forEach(o -> out.println("  " + o.get("service") + " (" + o.get("team") + "): " + o.get("reason")
          + " — " + o.get("owner")));
    }
    List<Map<String, Object>> expiring = (List<Map<String, Object>>) org.get("expiring_soon");
    if (expiring != null && !expiring.isEmpty()) {
      out.println("expiring within 7 days:");
      expiring.forEach(e -> out.println("  " + e.get("kind") + " " + (e.get("id") == null ? "" : e.get("id") + " ")
          + "of " + e.get("service") + " at " + e.get("expires")));
    }
    return 0;
  }
}
