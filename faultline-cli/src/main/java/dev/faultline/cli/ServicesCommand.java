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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faultline services}: the services under continuous chaos (level, opt-in state, the
 * opt-out reason); {@code services opt-out NAME --reason R} and {@code services opt-in NAME}.
 */
@Command(name = "services", mixinStandardHelpOptions = true,
    description = "List the services under continuous chaos on a Faultline server: team, level 0-3, opted in or "
        + "out and why (exit 1 when the server cannot be asked).",
    subcommands = {ServicesCommand.OptOut.class, ServicesCommand.OptIn.class})
final class ServicesCommand implements Callable<Integer> {
  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Option(names = "--opted-out", description = "Only the opted-out services (the opt-out list).")
  boolean optedOut;

  @Option(names = "--json", description = "Print one JSON object per service, as the API answers it.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return serverOptions.exchange("services", spec.commandLine().getErr(),
        client -> print(out, client.base(), ServerClient.list(client.get("/api/v1/services"), "services")));
  }

  private int print(PrintWriter out, java.net.URI server, List<Map<String, Object>> services) {
    if (optedOut) {
      services = services.stream().filter(s -> Boolean.FALSE.equals(s.get("opted_in"))).toList();
    }
    if (json) {
      services.forEach(s -> out.println(ServerClient.line(s)));
      return 0;
    }
    if (services.isEmpty()) {
      out.println("no " + (optedOut ? "opted-out " : "") + "services on " + server
          + (optedOut ? "" : "; register one with POST /api/v1/services"));
      return 0;
    }
    out.printf("%-24s %-16s %-5s %-10s %s%n", "SERVICE", "TEAM", "LEVEL", "STATE", "OPT-IN EXPIRES / OPT-OUT REASON");
    for (Map<String, Object> s : services) {
      boolean in = Boolean.TRUE.equals(s.get("opted_in"));
      out.printf("%-24s %-16s %-5s %-10s %s%n", s.get("name"), s.get("team"), s.get("level"),
          in ? "opted-in" : "opted-out", in ? text(s.get("opt_in_expires"))
              : text(s.get("opt_out_reason")) + " (by " + text(s.get("opt_owner")) + ")");
    }
    return 0;
  }

  static String text(Object o) {
    return o == null ? "-" : String.valueOf(o);
  }

  static String path(String name) {
    return "/api/v1/services/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** {@code faultline services opt-out NAME --reason R}. */
  @Command(name = "opt-out", mixinStandardHelpOptions = true,
      description = "Opt a service out of scheduled chaos, saying why; its scheduled runs in progress are stopped.")
  static final class OptOut implements Callable<Integer> {
    @Mixin
    ServerOptions serverOptions = new ServerOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The service.")
    String name;

    @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (shown in the opt-out list).")
    String reason;

    @Option(names = "--owner", paramLabel = "WHO", description = "Who owns the opt-out (default: the token's name).")
    String owner;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return serverOptions.exchange("services opt-out", spec.commandLine().getErr(), client -> {
        Map<String, Object> s = client.post(path(name) + "/opt-out", ServerClient.body("reason", reason, "owner", owner));
        spec.commandLine().getOut().println(s.get("name") + " opted out: " + s.get("opt_out_reason") + " (by "
            + s.get("opt_owner") + ")" + stopped(s.get("aborted_runs")));
        return 0;
      });
    }

    private static String stopped(Object runs) {
      return runs instanceof List<?> l && !l.isEmpty() ? "; stopped runs " + l : "";
    }
  }

  /** {@code faultline services opt-in NAME}. */
  @Command(name = "opt-in", mixinStandardHelpOptions = true,
      description = "Opt a service in to scheduled chaos, or renew its opt-in for 30 days.")
  static final class OptIn implements Callable<Integer> {
    @Mixin
    ServerOptions serverOptions = new ServerOptions();

    @Parameters(index = "0", paramLabel = "NAME", description = "The service.")
    String name;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return serverOptions.exchange("services opt-in", spec.commandLine().getErr(), client -> {
        Map<String, Object> s = client.post(path(name) + "/opt-in", Map.of());
        spec.commandLine().getOut().println(s.get("name") + " opted in until " + s.get("opt_in_expires"));
        return 0;
      });
    }
  }
}
