package dev.faultline.cli;

import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline proxy}: the TCP fault proxy with Toxiproxy's HTTP API, so Toxiproxy clients and
 * Chaos Toolkit's toxiproxy extension drive it unchanged. Runs until SIGINT or SIGTERM.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Run the fault proxy with Toxiproxy's HTTP API (see docs/proxy.md).")
final class ProxyCommand implements Callable<Integer> {
  @Option(names = "--host", paramLabel = "HOST", defaultValue = ProxyServerOptions.DEFAULT_HOST,
      description = "Address the API listens on (default: ${DEFAULT-VALUE}).")
  String host;

  @Option(names = "--port", paramLabel = "PORT", defaultValue = "8474",
      description = "API port (default: ${DEFAULT-VALUE}, Toxiproxy's).")
  int port;

  @Option(names = "--config", paramLabel = "FILE",
      description = "JSON file of proxies to create at start, as Toxiproxy's -config.")
  Path config;

  @Option(names = "--api-token", paramLabel = "TOKEN",
      description = "Require this token (header X-Faultline-Token or Authorization: Bearer) on every API call; "
          + "default: $" + ProxyServerOptions.TOKEN_ENV + " if set. Toxiproxy has no authentication.")
  String apiToken;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      spec.commandLine().getErr().println("faultline: --port: " + port + " is not a port; expected 0 to 65535");
      return Main.USAGE_ERROR;
    }
    ProxyServerOptions options = ProxyServerOptions.defaults().withHost(host).withPort(port);
    if (config != null) {
      options = options.withConfigFile(config);
    }
    if (apiToken != null) {
      options = options.withApiToken(apiToken);
    }
    ProxyServer server;
    try {
      server = ProxyServer.start(options);
    } catch (IOException | RuntimeException e) {
      spec.commandLine().getErr().println("faultline: the proxy could not start: " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "faultline-proxy-shutdown"));
    spec.commandLine().getOut().println("Faultline proxy: Toxiproxy API on http://" + host + ":" + server.apiPort()
        + (options.apiToken().isPresent() ? " (token required)" : "") + "; Ctrl-C to stop");
    spec.commandLine().getOut().flush();
    server.awaitClose();
    return 0;
  }
}
