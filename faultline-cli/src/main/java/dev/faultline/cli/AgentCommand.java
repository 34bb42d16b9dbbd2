package dev.faultline.cli;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.host.agent.AgentServer;
import dev.faultline.host.attack.AttackRunner;
import dev.faultline.host.attack.HostContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/**
 * {@code faultline agent}: the host agent holding detached attacks, with a loopback-only control
 * API authenticated by an owner-only token file. Its attacks revert when it stops (SIGINT, SIGTERM).
 */
@Command(name = "agent", mixinStandardHelpOptions = true,
    description = {"Run the host agent that holds 'faultline attack --detach' attacks (loopback API, token file).",
        "With --server: a fleet agent that connects out to a Faultline server and applies the faults it sends "
            + "(leased: reverted when the server stops renewing them); see docs/fleet.md."})
final class AgentCommand implements Callable<Integer> {
  @Option(names = "--server", paramLabel = "URL",
      description = "Join the fleet of this Faultline server (http(s)://host:port; TLS with https).")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file holding the agent token (default: $FAULTLINE_TOKEN); made with "
          + "'faultline server token create --role agent'.")
  Path tokenFile;

  @Option(names = "--name", paramLabel = "NAME", description = "The agent's name in the fleet (default: the host name).")
  String name;

  @Option(names = "--tags", paramLabel = "K=V[,K=V...]", description = "Labels targets are chosen by, e.g. service=checkout,zone=a.")
  String tags;

  @Option(names = "--proxy", paramLabel = "URL", description = "A fault proxy API this host should reach (repeatable); "
      + "reported with its reachability.")
  List<String> proxies = new ArrayList<>();

  @Option(names = "--state-file", paramLabel = "FILE",
      description = "Where the fleet agent records the faults it holds (default: <state dir>/fleet-agent-<name>.json).")
  Path stateFile;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
      description = "Loopback port of the control API (default: any free port, published in the state directory).")
  int port;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (server != null) {
      return new FleetAgentRunner(this).run();
    }
    if (port < 0 || port > 65535) {
      spec.commandLine().getErr().println("faultline agent: --port: " + port + " is not a port; expected 0 to 65535");
      return Main.USAGE_ERROR;
    }
    HostContext host = HostContext.forThisHost();
    LeftoverReport.revertAndReport(host, spec.commandLine().getErr());
    AgentServer server;
    try {
      server = AgentServer.start(host, new AttackRunner(FaultRegistry.installed()), port);
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("faultline agent: could not start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "faultline-agent-shutdown"));
    Signal.handle(new Signal("INT"), s -> new Thread(server::close).start());
    Signal.handle(new Signal("TERM"), s -> new Thread(server::close).start());
    spec.commandLine().getOut().println("Faultline agent: control API on http://127.0.0.1:" + server.port() + " (token in "
        + host.journal().stateDirectory().resolve("agent.token") + ", owner-only); Ctrl-C stops it and reverts its attacks");
    spec.commandLine().getOut().flush();
    server.awaitClose();
    return 0;
  }
}
