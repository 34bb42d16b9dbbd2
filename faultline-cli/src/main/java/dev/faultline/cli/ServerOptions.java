package dev.faultline.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --server URL} and {@code --token-file FILE} of the verbs that talk to a Faultline server. */
final class ServerOptions {
  @Option(names = "--server", paramLabel = "URL",
      description = "The Faultline server, e.g. http://127.0.0.1:8080 (default: $FAULTLINE_SERVER).")
  String server;

  @Option(names = "--token-file", paramLabel = "FILE",
      description = "A file holding the bearer token (default: the token in $FAULTLINE_TOKEN).")
  Path tokenFile;

  /** A client, or a usage error saying what is missing. */
  ServerClient connect() throws ServerClient.Usage {
    return ServerClient.connect(server, tokenFile, System.getenv());
  }

  /** What a verb does with the server once connected; returns the verb's exit code. */
  @FunctionalInterface
  interface Exchange {
    int with(ServerClient client) throws ServerClient.Failure;
  }

  /**
   * Connects and runs {@code exchange}: a missing server or token prints {@code faultline VERB: why}
   * and gives exit code 2, a refused or failed request prints the same way and gives 1.
   */
  int exchange(String verb, PrintWriter err, Exchange exchange) {
    try {
      return exchange.with(connect());
    } catch (ServerClient.Usage e) {
      err.println("faultline " + verb + ": " + e.getMessage());
      return Main.USAGE_ERROR;
    } catch (ServerClient.Failure f) {
      err.println("faultline " + verb + ": " + f.getMessage());
      return 1;
    }
  }
}
