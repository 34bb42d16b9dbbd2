package dev.faultline.cli;

import dev.faultline.demo.DemoExperiment;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.report.JournalReport;
import dev.faultline.report.ReportFormat;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code faultline demo --server}: the demo through the control plane. Starts a server in this
 * process on the embedded database in a temporary directory (admin token in a 0600 file there),
 * submits the bundled experiment through {@code POST /api/v1/runs}, follows its Server-Sent
 * Events, fetches the journal, writes journal and report as the plain demo does, and stops the
 * server. The data directory is kept, so {@code faultline server --data DIR} serves the run again.
 */
final class DemoOnServer {
  private DemoOnServer() {}

  static int run(Map<String, Object> configuration, Path outputDir, boolean json, PrintWriter out, PrintWriter err,
      DemoCommand.Summary summary) throws IOException {
    Path dir = Files.createTempDirectory("faultline-demo-server");
    Path tokenFile = dir.resolve("admin.token");
    byte[] secret = new byte[24];
    new SecureRandom().nextBytes(secret);
    String token = "flt_demo_" + HexFormat.of().formatHex(secret);
    Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tokenFile, token + "\n");
    ServerConfig config = ServerConfig.defaults(0, dir.resolve("data")).withAdminTokenFile(tokenFile);
    FaultlineServer server;
    try {
      server = FaultlineServer.start(config, out);
    } catch (FaultlineServer.StartException e) {
      err.println("faultline demo --server: the server did not start: " + e.getMessage());
      return 1;
    }
    DemoDetection detection = startDetection(dir, configuration, server, token, out);
    try (server; detection) {
      ServerClient client = new ServerClient(server.baseUri(), token);
      RemoteRun.Outcome outcome = new RemoteRun(client, out, err).submitAndFollow(ServerClient.body(
          "source", detection == null ? DemoExperiment.json() : withResponseTags(DemoExperiment.json()), "syntax", "json",
          "filename", "storefront-experiment.json", "vars", configuration), "storefront-experiment.json (bundled)", json);
      if (outcome.end() == null) {
        return outcome.failureExit();
      }
      String runUrl = server.baseUri() + "/api/v1/runs/" + outcome.runId();
      String verdict = String.valueOf(outcome.end().get("verdict"));
      int exitCode = "completed".equals(outcome.end().get("status"))
          && !Boolean.TRUE.equals(outcome.end().get("deviated")) ? 0 : 1;
      Path journal = outputDir.resolve("journal.json").toAbsolutePath().normalize();
      Path report = outputDir.resolve("report.html").toAbsolutePath().normalize();
      Map<String, Object> journalMap;
      try {
        journalMap = ServerClient.object(client.getText("/api/v1/runs/" + outcome.runId() + "/journal"));
        JournalWriter.write(journalMap, journal);
        Files.writeString(report, ReportCommand.render(JournalReport.read(journal), ReportFormat.HTML));
      } catch (ServerClient.Failure | IOException e) {
        err.println("faultline: the demo ran (" + verdict + ") but its journal and report could not be written to "
            + outputDir.toAbsolutePath().normalize() + ": " + e.getMessage() + "; choose a writable --output-dir");
        return 1;
      }
      summary.print(verdict, exitCode, journalMap, journal, report);
      if (detection != null) {
        DemoDetection.printResponse(client, outcome.runId(), out);
      } else {
        out.println("Response: not measured; " + DemoDetection.howToGet());
      }
      out.println("Run:      " + runUrl + "  (events: " + runUrl + "/events, report: " + runUrl + "/report)");
      out.println("Server:   stopped; its data is kept in " + dir + ". To browse the run again:");
      out.println("          faultline server --port 0 --data " + dir.resolve("data") + "   and use the admin token in "
          + tokenFile);
      return exitCode;
    }
  }

  /** Prometheus and Alertmanager for the response figures, when installed; null otherwise (or when they fail). */
  private static DemoDetection startDetection(Path dir, Map<String, Object> configuration, FaultlineServer server,
      String token, PrintWriter out) {
    if (!DemoDetection.available()) {
      return null;
    }
    URI storefront = URI.create(String.valueOf(configuration.get(DemoExperiment.STOREFRONT_URL_KEY)));
    try {
      DemoDetection d = DemoDetection.start(dir, storefront.getHost() + ":" + storefront.getPort(),
          server.baseUri() + "/api/v1/webhooks/alertmanager", token);
      out.println("Detection: Prometheus and Alertmanager started (alert " + DemoDetection.ALERT
          + ": p99 order latency above 100 ms for 1 s), posting to the server's webhook");
      return d;
    } catch (IOException e) {
      out.println("Detection: Prometheus/Alertmanager did not start (" + e.getMessage() + "); running without");
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** The bundled experiment tagged with the demo's service and expecting its alert, so the response is measured. */
  @SuppressWarnings("unchecked")
  private static String withResponseTags(String json) throws IOException {
    Map<String, Object> doc = ServerClient.object(json);
    java.util.List<Object> tags = doc.get("tags") instanceof java.util.List<?> l ? new java.util.ArrayList<>(l)
        : new java.util.ArrayList<>();
    tags.add("service:" + DemoDetection.SERVICE);
    doc.put("tags", tags);
    doc.put("expect", Map.of("alerts", java.util.List.of(Map.of("name", DemoDetection.ALERT, "within", "30s"))));
    return ServerClient.line(doc);
  }
}
