package dev.faultline.server;

import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.engine.Engine;
import dev.faultline.server.api.Api;
import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.api.Services;
import dev.faultline.server.auth.TokenStore;
import dev.faultline.server.continuous.Continuous;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.Database;
import dev.faultline.server.db.DatabaseLocation;
import dev.faultline.server.db.ExperimentStore;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.HaltStore;
import dev.faultline.server.db.Ids;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.replica.ReplicaCoordinator;
import dev.faultline.server.replica.RunRecovery;
import dev.faultline.server.fleet.AgentRegistry;
import dev.faultline.server.fleet.AgentStore;
import dev.faultline.server.fleet.ServerFleet;
import dev.faultline.server.run.HaltSwitch;
import dev.faultline.server.run.RunManager;
import dev.faultline.server.signal.SignalBus;
import io.javalin.Javalin;
import io.javalin.json.JsonMapper;
import java.io.PrintWriter;
import java.lang.reflect.Type;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The control plane: the engine behind a REST API, on an embedded database or PostgreSQL.
 *
 * <pre>{@code
 * try (FaultlineServer server = FaultlineServer.start(ServerConfig.defaults(0, dir), out)) {
 *   URI api = server.baseUri();
 * }
 * }</pre>
 */
public final class FaultlineServer implements AutoCloseable {
  private final Database db;
  private final RunManager runManager;
  private final ReplicaCoordinator coordinator;
  private final Javalin app;
  private final Api api;
  private final String host;
  private final Continuous continuous;
  private final AgentRegistry agents;

  private FaultlineServer(Database db, RunManager runManager, ReplicaCoordinator coordinator, Javalin app, Api api,
      String host, Continuous continuous, AgentRegistry agents) {
    this.continuous = continuous;
    this.agents = agents;
    this.db = db;
    this.runManager = runManager;
    this.coordinator = coordinator;
    this.app = app;
    this.api = api;
    this.host = host;
  }

  /** The server could not start; the message says why and what to change. */
  public static final class StartException extends Exception {
    private static final long serialVersionUID = 1L;

    public StartException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /**
   * Opens the database (migrating it), recovers what a previous server left, makes sure an admin
   * token exists, then listens. Messages for the operator go to {@code out}.
   */
  public static FaultlineServer start(ServerConfig config, PrintWriter out) throws StartException {
    return start(config, out, System.getenv());
  }

  /** As {@link #start(ServerConfig, PrintWriter)}, reading database credentials from {@code env}. */
  public static FaultlineServer start(ServerConfig config, PrintWriter out, Map<String, String> env)
      throws StartException {
    DatabaseLocation location;
    try {
      location = DatabaseLocation.resolve(config.dataDir(), config.databaseUrl(), env);
    } catch (DatabaseLocation.BadLocationException e) {
      throw new StartException(e.getMessage(), e);
    }
    Database db;
    try {
      db = Database.open(location);
    } catch (RuntimeException e) {
      throw new StartException("cannot open the database " + location.describe() + ": " + rootMessage(e)
          + (location.embedded() ? "" : "; check the URL, that PostgreSQL is running and the credentials"), e);
    }
    RunManager runManager = null;
    Continuous continuous = null;
    ReplicaCoordinator coordinator = null;
    AgentRegistry agents = null;
    try {
      ExperimentStore experiments = new ExperimentStore(db.jdbi());
      RunStore runs = new RunStore(db.jdbi());
      FaultStore faults = new FaultStore(db.jdbi());
      AuditLog audit = new AuditLog(db.jdbi());
      HaltStore halts = new HaltStore(db.jdbi());
      TokenStore tokens = new TokenStore(db.jdbi());
      FaultRegistry registry = FaultRegistry.installed();
      // The embedded database admits one server: every live run it holds is orphaned. On PostgreSQL
      // other replicas may be executing theirs: the coordinator recovers only runs whose lease ran out.
      StartupRecovery.Outcome recovered = location.embedded() ? StartupRecovery.run(runs, faults, audit, registry)
          : new StartupRecovery.Outcome(List.of(), List.of(), List.of());
      if (!recovered.interruptedRuns().isEmpty()) {
        out.println("Marked " + recovered.interruptedRuns().size() + " run(s) left by a stopped server as interrupted: "
            + String.join(", ", recovered.interruptedRuns()));
      }
      for (FaultStore.FaultRecord f : recovered.reverted()) {
        out.println("Reverted fault '" + f.fault() + "' of interrupted run " + f.runId() + " (" + f.description() + ")");
      }
      for (FaultStore.FaultRecord f : recovered.orphaned()) {
        out.println("WARNING: fault '" + f.fault() + "' of interrupted run " + f.runId() + " was " + f.state()
            + " (" + f.description() + ") and could not be reverted; check that it is gone");
      }
      AdminBootstrap.ensureAdmin(tokens, audit, config.adminTokenFile(), out);
      Engine engine = Engine.standard(dev.faultline.engine.provider.EngineSettings.defaults(), registry);
      String serverId = Ids.next("srv");
      runManager = new RunManager(engine, runs, faults, audit, serverId, config.maxRunning(),
          config.maxQueued(), config.runLeaseMs());
      ExperimentDocuments documents = new ExperimentDocuments(engine);
      if (!location.embedded()) {
        // Replicas share the database: a run may wait there for whichever replica frees a slot first.
        runManager.enableHandover(dev.faultline.server.api.RunHandover.rebuilder(documents));
      }
      coordinator = new ReplicaCoordinator(runs, halts, runManager, new RunRecovery(faults, audit, registry), audit,
          config.replicaPollMs(), out).start();
      HaltSwitch haltSwitch = new HaltSwitch(halts, runManager, runs);
      agents = new AgentRegistry(tokens, new AgentStore(db.jdbi()), serverId,
          java.time.Duration.ofMillis(config.agentHeartbeatMs()));
      AgentRegistry fleetAgents = agents;
      haltSwitch.onHalt(fleetAgents::haltAll);
      ServerFleet fleet = new ServerFleet(fleetAgents, () -> haltSwitch.state().halted());
      runManager.useFleet(fleet, fleet::forTeam);
      ServerMetrics metrics = new ServerMetrics(runs, faults, halts);
      metrics.fleet(fleetAgents);
      SignalBus signals = new SignalBus();
      continuous = new Continuous(db.jdbi(), config.continuous(), documents, experiments, runs, audit, runManager,
          haltSwitch, signals);
      dev.faultline.server.response.ResponseSettings responseSettings =
          dev.faultline.server.response.ResponseSettings.fromEnv(env);
      dev.faultline.server.signal.SignalStore signalStore = new dev.faultline.server.signal.SignalStore(db.jdbi());
      dev.faultline.server.response.ResponseParts response = new dev.faultline.server.response.ResponseParts(
          signalStore, new dev.faultline.server.signal.WebhookAuth(responseSettings.webhookSecret(), tokens),
          new dev.faultline.server.response.ResponseService(runs, faults, signalStore, responseSettings),
          new dev.faultline.server.response.GameDayStore(db.jdbi()));
      Services services = new Services(documents, experiments, runs, faults, audit, tokens,
          runManager, haltSwitch, metrics, signals, config.maxBodyBytes(), continuous, response, fleetAgents);
      Api api = new Api(services);
      Javalin app = Javalin.create(c -> {
        c.startup.showJavalinBanner = false;
        c.startup.showOldJavalinVersionWarning = false;
        c.jsonMapper(new JsonMapper() {
          @Override
          public String toJsonString(Object obj, Type type) {
            return Json.write(obj);
          }
        });
        c.jetty.host = config.host();
        c.jetty.port = config.port();
        api.install(c);
        dev.faultline.server.console.ConsoleAssets.install(c);
      });
      app.start();
      continuous.start();
      FaultlineServer server = new FaultlineServer(db, runManager, coordinator, app, api, config.host(), continuous,
          fleetAgents);
      out.println("Faultline server listening on " + server.baseUri() + " (database: " + location.describe()
          + ", replica " + runManager.owner() + ")");
      out.println("Web console: " + server.baseUri() + "/ (sign in with a token; docs/console.md)");
      out.flush();
      return server;
    } catch (AdminBootstrap.BadTokenFileException e) {
      closeQuietly(continuous, coordinator, agents, runManager, db);
      throw new StartException(e.getMessage(), e);
    } catch (RuntimeException e) {
      closeQuietly(continuous, coordinator, agents, runManager, db);
      throw new StartException("cannot start the server on " + config.host() + ":" + config.port() + ": "
          + rootMessage(e), e);
    }
  }

  private static void closeQuietly(Continuous continuous, ReplicaCoordinator coordinator, AgentRegistry agents,
      RunManager runManager, Database db) {
    if (agents != null) {
      agents.close();
    }
    if (continuous != null) {
      continuous.close();
    }
    if (coordinator != null) {
      coordinator.close();
    }
    if (runManager != null) {
      runManager.close();
    }
    db.close();
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The port the server listens on (the real one when started on port 0). */
  public int port() {
    return app.port();
  }

  /** {@code http://host:port}. */
  public URI baseUri() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    return URI.create("http://" + h + ":" + port());
  }

  /** The routes the HTTP server really has, as {@code METHOD path} (for the OpenAPI check). */
  public List<Map.Entry<String, String>> registeredRoutes() {
    return app.unsafe.internalRouter.allHttpHandlers().stream()
        .map(p -> Map.entry(p.endpoint.method.name(), p.endpoint.path)).toList();
  }

  /** This replica's id: the executor its runs' rows name. */
  public String replicaId() {
    return runManager.owner();
  }

  /** The fleet's agents (connected over {@code /api/v1/agents/connect}). */
  public AgentRegistry agents() {
    return agents;
  }

  public Api api() {
    return api;
  }

  /** Continuous chaos: its scheduler, stores and the signal bus it subscribes to. */
  public Continuous continuous() {
    return continuous;
  }

  /** Stops accepting requests, stops every run (their faults reverted), closes the database. */
  @Override
  public void close() {
    continuous.close();
    runManager.close();
    agents.close();
    coordinator.close();
    app.stop();
    db.close();
  }
}
