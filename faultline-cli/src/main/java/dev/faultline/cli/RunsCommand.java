package dev.faultline.cli;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code faultline runs}: the runs a Faultline server knows, newest first. */
@Command(name = "runs", mixinStandardHelpOptions = true,
    description = "List the runs of a Faultline server, newest first (exit 1 when the server cannot be asked).")
final class RunsCommand implements Callable<Integer> {
  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Option(names = "--status", paramLabel = "STATUS",
      description = "Only runs with this status: queued, running, completed, failed, aborted, interrupted.")
  String status;

  @Option(names = "--limit", paramLabel = "N", defaultValue = "50",
      description = "At most N runs, 1 to 1000 (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(names = "--json", description = "Print one JSON object per run, as the API answers it.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (limit < 1 || limit > 1000) {
      err.println("faultline runs: --limit must be 1 to 1000; got " + limit);
      return Main.USAGE_ERROR;
    }
    String query = "?limit=" + limit + (status == null ? "" : "&status=" + URLEncoder.encode(status, StandardCharsets.UTF_8));
    return serverOptions.exchange("runs", err,
        client -> print(out, client.base(), ServerClient.list(client.get("/api/v1/runs" + query), "runs")));
  }

  private int print(PrintWriter out, java.net.URI server, List<Map<String, Object>> runs) {
    if (json) {
      runs.forEach(r -> out.println(ServerClient.line(r)));
      return 0;
    }
    if (runs.isEmpty()) {
      out.println("no runs" + (status == null ? "" : " with status " + status) + " on " + server);
      return 0;
    }
    out.printf("%-22s %-11s %-24s %-24s %s%n", "ID", "STATUS", "SUBMITTED", "BY", "TITLE / VERDICT");
    for (Map<String, Object> r : runs) {
      out.printf("%-22s %-11s %-24s %-24s %s%n", r.get("id"), r.get("status"), text(r.get("submitted")),
          text(r.get("submitted_by")), text(r.get("title")) + (r.get("verdict") == null ? "" : " — " + r.get("verdict")));
    }
    return 0;
  }

  private static String text(Object o) {
    return o == null ? "-" : String.valueOf(o);
  }
}
