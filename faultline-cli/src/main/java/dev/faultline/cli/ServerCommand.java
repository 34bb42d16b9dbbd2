package dev.faultline.cli;

import dev.faultline.core.time.DurationText;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import dev.faultline.server.TokenAdmin;
import dev.faultline.server.auth.Role;
import dev.faultline.server.auth.TokenStore;
import dev.faultline.server.continuous.ContinuousSettings;
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

  @Option(names = "--incident-cooldown", defaultValue = "30m", paramLabel = "DURATION",
      description = "How long scheduled chaos stays paused after the incident that paused it resolved "
          + "(default: ${DEFAULT-VALUE}; e.g. 90s, 10m).")
  String incidentCooldown;

  @Option(names = "--pause-match", defaultValue = "labels", paramLabel = "labels|all",
      description = "Which services a firing alert or open incident pauses: by its service/team labels (else all), "
          + "or always all (default: ${DEFAULT-VALUE}).")
  String pauseMatch;

  @Option(names = "--run-lease", defaultValue = "5s", paramLabel = "DURATION",
      description = "Replicas on PostgreSQL: how long this server's claim on a run lasts unless renewed; another "
          + "replica recovers the runs of a server silent that long (default: ${DEFAULT-VALUE}, 1s..10m).")
  String runLease;

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
    ContinuousSettings continuous = ContinuousSettings.defaults();
    try {
      continuous = continuous.withCooldown(DurationText.parse(incidentCooldown));
    } catch (IllegalArgumentException e) {
      err.println("faultline server: --incident-cooldown: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    switch (pauseMatch) {
      case "labels" -> continuous = continuous.withPauseMatch(ContinuousSettings.PauseMatch.LABELS);
      case "all" -> continuous = continuous.withPauseMatch(ContinuousSettings.PauseMatch.ALL);
      default -> {
        err.println("faultline server: --pause-match must be labels or all; got '" + pauseMatch + "'");
        return Main.USAGE_ERROR;
      }
    }
    ServerConfig config;
    try {
      config = new ServerConfig(host, port, database.dataDir(), database.databaseUrl, adminTokenFile,
          maxBodyBytes, maxRunning, 64).withRunLeaseMs(DurationText.parse(runLease).toMillis())
          .withContinuous(continuous).withAgentHeartbeatMs(agentHeartbeatMs);
    } catch (IllegalArgumentException e) {
      err.println("faultline server: --run-lease: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
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

    @Option(names = "--team", paramLabel = "TEAM",
        description = "Scope the token to one team: it sees and acts only on that team's experiments and runs.")
    String team;

    @Option(names = "--expires", paramLabel = "DURATION",
        description = "The token stops working after this long (e.g. 30d, 12h); default: never.")
    String expires;

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
      Long expiresMs = null;
      if (expires != null) {
        try {
          java.time.Duration d = dev.faultline.core.time.DurationText.parse(expires);
          if (d.toSeconds() < 60) {
            throw new IllegalArgumentException("'" + expires + "' is under a minute");
          }
          expiresMs = System.currentTimeMillis() + d.toMillis();
        } catch (IllegalArgumentException e) {
          err.println("faultline server token create: --expires: " + e.getMessage() + "; expected e.g. 30d or 12h");
          return Main.USAGE_ERROR;
        }
      }
      try (TokenAdmin admin = TokenAdmin.open(database.dataDir(), database.databaseUrl)) {
        TokenStore.Created c;
        try {
          c = admin.create(r, name, team, expiresMs);
        } catch (IllegalArgumentException e) {
          err.println("faultline server token create: " + e.getMessage());
          return Main.USAGE_ERROR;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(c.token());
        err.println("created " + c.info().id() + " (" + r.wireName() + ", " + name
            + (team == null ? "" : ", team " + team)
            + (expiresMs == null ? "" : ", expires " + Instant.ofEpochMilli(expiresMs))
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
        out.printf("%-20s %-9s %-24s %-24s %-12s %-24s %s%n", "ID", "ROLE", "CREATED", "REVOKED", "TEAM", "EXPIRES",
            "NAME");
        for (TokenStore.TokenInfo t : admin.list()) {
          out.printf("%-20s %-9s %-24s %-24s %-12s %-24s %s%n", t.id(), t.role().wireName(),
              Instant.ofEpochMilli(t.createdMs()), t.revoked() ? Instant.ofEpochMilli(t.revokedMs()).toString() : "-",
              t.team() == null ? "-" : t.team(), t.expiresMs() == null ? "never" : Instant.ofEpochMilli(t.expiresMs()),
              t.name());
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
