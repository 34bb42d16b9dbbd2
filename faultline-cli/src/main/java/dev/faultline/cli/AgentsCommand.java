package dev.faultline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code faultline agents}: the fleet agents a Faultline server knows, connected or last seen. */
@Command(name = "agents", mixinStandardHelpOptions = true,
    description = "List the fleet agents of a Faultline server: connected, last seen, tags, faults held "
        + "(exit 1 when the server cannot be asked).")
final class AgentsCommand implements Callable<Integer> {
  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Option(names = "--json", description = "Print one JSON object per agent, as the API answers it.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    return serverOptions.exchange("agents", spec.commandLine().getErr(),
        client -> print(out, ServerClient.list(client.get("/api/v1/agents"), "agents")));
  }

  private int print(PrintWriter out, List<Map<String, Object>> agents) {
    if (json) {
      agents.forEach(a -> out.println(ServerClient.line(a)));
      return 0;
    }
    if (agents.isEmpty()) {
      out.println("No agent has connected to this server (start one with: faultline agent --server URL --tags k=v).");
      return 0;
    }
    out.printf("%-20s %-10s %-24s %-6s %-30s %s%n", "NAME", "STATE", "LAST SEEN", "FAULTS", "TAGS", "ADDRESSES");
    for (Map<String, Object> a : agents) {
      Object tags = a.get("tags");
      String tagText = tags instanceof Map<?, ?> m ? m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
          .sorted().collect(Collectors.joining(",")) : "";
      Object faults = a.get("active_faults");
      int n = faults instanceof List<?> l ? l.size() : 0;
      Object addresses = a.get("addresses");
      out.printf("%-20s %-10s %-24s %-6d %-30s %s%n", a.get("name"),
          Boolean.TRUE.equals(a.get("connected")) ? "connected" : "gone", String.valueOf(a.get("last_seen")), n, tagText,
          addresses instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList()) : "");
    }
    return 0;
  }
}
