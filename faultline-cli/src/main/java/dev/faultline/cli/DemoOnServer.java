package dev.faultline.cli;

import dev.faultline.demo.DemoExperiment;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.report.JournalReport;
import dev.faultline.report.ReportFormat;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import java.io.IOException;
import java.io.PrintWriter;
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
    try (server) {
      ServerClient client = new ServerClient(server.baseUri(), token);
      RemoteRun.Outcome outcome = new RemoteRun(client, out, err).submitAndFollow(ServerClient.body(
          "source", DemoExperiment.json(), "syntax", "json", "filename", "storefront-experiment.json",
          "vars", configuration), "storefront-experiment.json (bundled)", json);
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
      out.println("Run:      " + runUrl + "  (events: " + runUrl + "/events, report: " + runUrl + "/report)");
      out.println("Server:   stopped; its data is kept in " + dir + ". To browse the run again:");
      out.println("          faultline server --port 0 --data " + dir.resolve("data") + "   and use the admin token in "
          + tokenFile);
      return exitCode;
    }
  }
}
