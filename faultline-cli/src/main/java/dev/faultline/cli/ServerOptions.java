package dev.faultline.cli;

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
}
