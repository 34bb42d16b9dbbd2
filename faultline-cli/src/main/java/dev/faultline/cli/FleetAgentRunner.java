package dev.faultline.cli;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.fleet.agent.AgentConfig;
import dev.faultline.fleet.agent.FleetAgent;
import dev.faultline.fleet.protocol.Message;
import dev.faultline.host.state.StateDirectory;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.misc.Signal;

/** {@code faultline agent --server URL}: the fleet agent, run until a signal or a refusal. */
final class FleetAgentRunner {
  private final AgentCommand c;

  FleetAgentRunner(AgentCommand c) {
    this.c = c;
  }

  int run() throws InterruptedException {
    PrintWriter out = c.spec.commandLine().getOut();
    PrintWriter err = c.spec.commandLine().getErr();
    ServerClient client;
    Map<String, String> tags;
    List<URI> proxies = new ArrayList<>();
    try {
      client = ServerClient.connect(c.server, c.tokenFile, System.getenv());
      tags = parseTags(c.tags);
      for (String p : c.proxies) {
        proxies.add(ServerClient.baseUri(p));
      }
    } catch (ServerClient.Usage e) {
      err.println("faultline agent: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    String name = c.name != null ? c.name : hostname();
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
      err.println("faultline agent: --name '" + name + "' must be 1 to 100 letters, digits, '.', '_' or '-'");
      return Main.USAGE_ERROR;
    }
    Path state = c.stateFile != null ? c.stateFile : StateDirectory.resolve().resolve("fleet-agent-" + name + ".json");
    AgentConfig config = new AgentConfig(client.base(), client.token(), name, tags, proxies, state, Duration.ofSeconds(30));
    FleetAgent agent;
    try {
      agent = FleetAgent.start(config, FaultRegistry.installed(), line -> {
        out.println(Instant.now() + " " + line);
        out.flush();
      });
    } catch (FleetAgent.AgentException | IllegalArgumentException e) {
      err.println("faultline agent: " + e.getMessage());
      return 1;
    }
    Message.Capabilities caps = agent.capabilities();
    out.println("Faultline fleet agent '" + name + "' joining " + config.connectUri() + " (state file " + state + "); "
        + "can apply " + caps.faultTypes().size() + " fault type(s)"
        + (caps.unavailable().isEmpty() ? "" : ", not " + caps.unavailable().keySet() + " here")
        + "; Ctrl-C stops it and reverts what it holds");
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(agent::close, "faultline-agent-shutdown"));
    Signal.handle(new Signal("INT"), s -> new Thread(agent::close).start());
    Signal.handle(new Signal("TERM"), s -> new Thread(agent::close).start());
    String why = agent.awaitStop();
    if (why.startsWith("refused")) {
      err.println("faultline agent: " + why);
      return 1;
    }
    return 0;
  }

  static Map<String, String> parseTags(String text) throws ServerClient.Usage {
    Map<String, String> m = new LinkedHashMap<>();
    if (text == null || text.isBlank()) {
      return m;
    }
    for (String part : text.split(",")) {
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw new ServerClient.Usage("--tags: '" + part + "' is not KEY=VALUE; expected e.g. service=checkout,zone=a");
      }
      m.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
    }
    return m;
  }

  private static String hostname() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
    } catch (java.io.IOException e) {
      return "agent";
    }
  }
}
