package dev.faultline.server;

import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * A server replica as its own process, for tests that SIGKILL it: {@code ReplicaProcess DIR URL
 * LEASE_MS}, database credentials from the environment. Prints {@code LISTENING <uri> <replica>}
 * once it serves, then runs until killed.
 */
public final class ReplicaProcess {
  private ReplicaProcess() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    ServerConfig config = ServerConfig.defaults(0, dir.resolve("data")).withAdminTokenFile(dir.resolve("admin.token"))
        .withDatabaseUrl(args[1]).withRunLeaseMs(Long.parseLong(args[2]));
    PrintWriter out = new PrintWriter(System.out, true);
    FaultlineServer server = FaultlineServer.start(config, out);
    out.println("LISTENING " + server.baseUri() + " " + server.replicaId());
    out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
