package dev.faultline.cli;

import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import dev.faultline.server.TokenAdmin;
import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code faultline server}: the control plane (REST API, runs, halt, audit, tokens) until stopped
 * by a signal, which stops every run and reverts its faults first. {@code faultline server token}
 * manages bearer tokens on the same database.
 */
@Command(name = "server", mixinStandardHelpOptions = true,
    description = "Run the control plane: REST API /api/v1 for experiments, runs, live events, halt, audit, tokens.",
    subcommands = {ServerCommand.TokenCommand.class})
final class ServerCommand implements Callable<Integer> {
  @Option(names = "--port", defaultValue = "8080", description = "TCP port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(names = "--host", defaultValue = "127.0.0.1",
      description = "Address to listen on (default: ${DEFAULT-VALUE}; expose it deliberately).")
  String host;

  @Mixin
  DatabaseOptions database = new DatabaseOptions();

  @Option(names = "--admin-token-file", paramLabel = "FILE",
      description = "A file holding the first admin token (else one is generated and printed once).")
  Path adminTokenFile;

  @Option(names = "--max-body-bytes", defaultValue = "1048576",
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
  long maxBodyBytes;

  @Option(names = "--max-running", defaultValue = "4", description = "Runs executed at once (default: ${DEFAULT-VALUE}).")
  int maxRunning;

  @Option(names = "--agent-heartbeat-ms", defaultValue = "5000", paramLabel = "MS",
      description = "Heartbeat to fleet agents; three missed and the agent counts as disconnected (default: ${DEFAULT-VALUE}).")
  long agentHeartbeatMs;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (port < 0 || port > 65535 || maxBodyBytes < 1024 || maxRunning < 1 || maxRunning > 256
        || agentHeartbeatMs < 100 || agentHeartbeatMs > 60_000) {
      err.println("faultline server: --port must be 0..65535, --max-body-bytes at least 1024, --max-running 1..256, "
          + "--agent-heartbeat-ms 100..60000");
      return Main.USAGE_ERROR;
    }
    ServerConfig config = new ServerConfig(host, port, database.dataDir(), database.databaseUrl, adminTokenFile,
        maxBodyBytes, maxRunning, 64, agentHeartbeatMs);
    FaultlineServer server;
    try {
      server = FaultlineServer.start(config, out);
    } catch (FaultlineServer.StartException e) {
      err.println("faultline server: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    // SIGTERM/SIGINT run shutdown hooks: stop every run (faults reverted) and close the database.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "faultline-server-stop"));
    stopped.await();
    return 0;
  }

  /** Where the server's database is: {@code --data} or {@code --database-url}. */
  static final class DatabaseOptions {
    @Option(names = "--data", paramLabel = "DIR",
        description = "Directory of the embedded database (default: ~/.faultline/server).")
    Path data;

    @Option(names = "--database-url", paramLabel = "URL",
        description = "jdbc:postgresql://HOST[:PORT]/DB instead of the embedded database; user and password from "
            + "FAULTLINE_DB_USER and FAULTLINE_DB_PASSWORD (or FAULTLINE_DB_PASSWORD_FILE), never from the command line.")
    String databaseUrl;

    Path dataDir() {
      return data != null ? data : ServerConfig.defaultDataDir();
    }
  }

  /** {@code faultline server token create|list|revoke}. */
  @Command(name = "token", mixinStandardHelpOptions = true, description = "Manage the server's bearer tokens.",
      subcommands = {TokenCreate.class, TokenList.class, TokenRevoke.class})
  static final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      spec.commandLine().usage(spec.commandLine().getErr());
      return Main.USAGE_ERROR;
    }
  }

  @Command(name = "create", mixinStandardHelpOptions = true,
      description = "Create a token and print it (the only time it is shown; only its hash is stored).")
  static final class TokenCreate implements Callable<Integer> {
    @Option(names = "--role", required = true, paramLabel = "ROLE", description = "viewer, operator, admin or agent (connects fleet agents only).")
    String role;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "cli", description = "Who or what uses it (default: ${DEFAULT-VALUE}).")
    String name;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      Role r = Role.fromWireName(role).orElse(null);
      if (r == null) {
        err.println("faultline server token create: --role: unknown role '" + role + "'; expected viewer, operator, admin or agent");
        return Main.USAGE_ERROR;
      }
      try (TokenAdmin admin = TokenAdmin.open(database.dataDir(), database.databaseUrl)) {
        TokenStore.Created c = admin.create(r, name);
        PrintWriter out = spec.commandLine().getOut();
        out.println(c.token());
        err.println("created " + c.info().id() + " (" + r.wireName() + ", " + name
            + "); the token above is shown only now: store it safely");
        return 0;
      } catch (FaultlineServer.StartException e) {
        err.println("faultline server token: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
  static final class TokenList implements Callable<Integer> {
    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      try (TokenAdmin admin = TokenAdmin.open(database.dataDir(), database.databaseUrl)) {
        out.printf("%-20s %-9s %-24s %-24s %s%n", "ID", "ROLE", "CREATED", "REVOKED", "NAME");
        for (TokenStore.TokenInfo t : admin.list()) {
          out.printf("%-20s %-9s %-24s %-24s %s%n", t.id(), t.role().wireName(), Instant.ofEpochMilli(t.createdMs()),
              t.revoked() ? Instant.ofEpochMilli(t.revokedMs()).toString() : "-", t.name());
        }
        return 0;
      } catch (FaultlineServer.StartException e) {
        spec.commandLine().getErr().println("faultline server token: " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id; it stops working at once.")
  static final class TokenRevoke implements Callable<Integer> {
    @Parameters(paramLabel = "ID", description = "The token's id (tok_…), as 'token list' shows.")
    String id;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      PrintWriter err = spec.commandLine().getErr();
      try (TokenAdmin admin = TokenAdmin.open(database.dataDir(), database.databaseUrl)) {
        if (!admin.revoke(id)) {
          err.println("faultline server token revoke: no active token with id '" + id + "' (see 'faultline server token list')");
          return 1;
        }
        spec.commandLine().getOut().println("revoked " + id);
        return 0;
      } catch (FaultlineServer.StartException e) {
        err.println("faultline server token: " + e.getMessage());
        return 1;
      }
    }
  }
}
