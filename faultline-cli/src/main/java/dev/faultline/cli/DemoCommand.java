package dev.faultline.cli;

import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.demo.DemoExperiment;
import dev.faultline.demo.DemoSystem;
import dev.faultline.demo.LoadGenerator;
import dev.faultline.engine.Engine;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.run.RunOptions;
import dev.faultline.engine.run.RunResult;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import dev.faultline.proxy.ProxyServer;
import dev.faultline.proxy.ProxyServerOptions;
import dev.faultline.report.JournalReport;
import dev.faultline.report.ReportFormat;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code faultline demo}: starts the bundled storefront system on loopback with a fault proxy
 * between the storefront and its inventory store, runs the bundled experiment (150 ms of latency
 * on every store call for 4 s) against it, writes the journal and the HTML report, prints a summary, and stops
 * everything it started.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Start a small demo system on loopback, run an experiment against it, write journal and report.")
final class DemoCommand implements Callable<Integer> {
  private static final String STORE_PROXY = "inventory-store";

  @Option(names = "--output-dir", paramLabel = "DIR", defaultValue = "faultline-demo-output",
      description = "Where to write journal.json and report.html (default: ./${DEFAULT-VALUE}).")
  Path outputDir;

  @Option(names = "--orders-per-second", paramLabel = "N", defaultValue = "20",
      description = "Load the generator sends (default: ${DEFAULT-VALUE}).")
  double ordersPerSecond;

  @Option(names = "--json", description = "Print events as JSON lines.")
  boolean json;

  @Option(names = "--server", description = "Run the experiment through the control plane: start a temporary "
      + "'faultline server' (embedded database in a temporary directory), submit through its API, follow the run's events.")
  boolean server;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    out.println("Starting the demo system (storefront, fault proxy, inventory store, load generator) on loopback...");
    out.flush();
    int storePort = FreePort.find();
    int proxyListenPort = FreePort.find();
    Path proxyConfig = Files.createTempFile("faultline-demo-proxies", ".json");
    Files.writeString(proxyConfig, "[{\"name\": \"" + STORE_PROXY + "\", \"listen\": \"127.0.0.1:" + proxyListenPort
        + "\", \"upstream\": \"127.0.0.1:" + storePort + "\", \"enabled\": true}]");
    DemoSystem.Options options = new DemoSystem.Options(ordersPerSecond, storePort, 0,
        Optional.of(new InetSocketAddress("127.0.0.1", proxyListenPort)));
    try (ProxyServer proxy = ProxyServer.start(ProxyServerOptions.defaults().withPort(0).withConfigFile(proxyConfig)
            .withAuditSink(line -> { }));
        DemoSystem demo = DemoSystem.start(options)) {
      Files.deleteIfExists(proxyConfig);
      String toxiproxyUrl = "http://127.0.0.1:" + proxy.apiPort();
      out.println("  storefront " + demo.storefrontUri() + " → proxy 127.0.0.1:" + proxyListenPort + " (API "
          + toxiproxyUrl + ") → inventory store " + demo.storeAddress() + "; load " + ordersPerSecond + " orders/s");
      Engine engine = Engine.standard();
      Map<String, Object> configuration = new LinkedHashMap<>(DemoExperiment.configurationFor(demo));
      configuration.put("toxiproxy_url", toxiproxyUrl);
      configuration.put("store_proxy", STORE_PROXY);
      Overrides overrides = new Overrides(configuration, Map.of(), Map.of());
      Document document;
      try {
        document = new DocumentLoader().parse("storefront-experiment.json (bundled)", DemoExperiment.json(),
            DocumentLoader.Syntax.JSON);
      } catch (InvalidInputException e) {
        err.println("faultline: the bundled experiment does not parse (a bug): " + e.getMessage());
        return 70;
      }
      if (server) {
        return DemoOnServer.run(configuration, outputDir, json, out, err, summary(out, demo));
      }
      ValidationResult validation = engine.validate(document, overrides);
      if (!validation.valid()) {
        ProblemPrinter.print(validation.problems(), err);
        err.println("faultline: the bundled experiment is invalid (a bug)");
        return 70;
      }
      RunResult result = RunCommand.runWithSignals(engine, validation.experiment().orElseThrow(),
          RunOptions.defaults().withOverrides(overrides), new ProgressPrinter(out, ProgressPrinter.detect(json)));
      LoadGenerator.Counts counts = demo.loadCounts();
      Path journal = outputDir.resolve("journal.json").toAbsolutePath().normalize();
      Path report = outputDir.resolve("report.html").toAbsolutePath().normalize();
      try {
        JournalWriter.write(result.journal(), journal);
        Files.writeString(report, ReportCommand.render(JournalReport.read(journal), ReportFormat.HTML));
      } catch (IOException e) {
        err.println("faultline: the demo ran (" + result.verdict() + ") but its journal and report could not be "
            + "written to " + outputDir.toAbsolutePath().normalize() + ": " + e.getMessage()
            + "; choose a writable --output-dir");
        return 1;
      }
      printSummary(out, result.verdict(), result.exitCode(), result.journal(), counts, journal, report);
      return result.exitCode();
    }
  }

  /** What {@link DemoOnServer} calls to print the summary once the run's journal and report are written. */
  interface Summary {
    void print(String verdict, int exitCode, Map<String, Object> journal, Path journalFile, Path reportFile);
  }

  private static Summary summary(PrintWriter out, DemoSystem demo) {
    return (verdict, exitCode, journal, journalFile, reportFile) ->
        printSummary(out, verdict, exitCode, journal, demo.loadCounts(), journalFile, reportFile);
  }

  @SuppressWarnings("unchecked")
  private static void printSummary(PrintWriter out, String verdict, int exitCode, Map<String, Object> journalMap,
      LoadGenerator.Counts counts, Path journal, Path report) {
    out.println();
    out.println("──── Faultline demo summary ────");
    out.println("Verdict:  " + verdict + (exitCode == 0 ? " — the steady state held" : ""));
    Map<String, Object> states = (Map<String, Object>) journalMap.get("steady_states");
    for (String phase : List.of("before", "after")) {
      if (states.get(phase) instanceof Map<?, ?> state && state.get("probes") instanceof List<?> probes) {
        out.println("Steady state " + phase + " the method: " + (Boolean.TRUE.equals(state.get("steady_state_met"))
            ? "met" : "NOT met"));
        for (Object p : probes) {
          Map<String, Object> entry = (Map<String, Object>) p;
          Map<String, Object> activity = (Map<String, Object>) entry.get("activity");
          out.println("  " + (Boolean.TRUE.equals(entry.get("tolerance_met")) ? "✔ " : "✘ ") + activity.get("name")
              + " = " + brief(entry.get("output")));
        }
      }
    }
    List<String> latencies = new java.util.ArrayList<>();
    for (Object e : (List<Object>) journalMap.get("run")) {
      Map<String, Object> entry = (Map<String, Object>) e;
      if ("order-latency-p50-ms".equals(((Map<String, Object>) entry.get("activity")).get("name"))
          && entry.get("output") instanceof Map<?, ?> output) {
        latencies.add(output.get("body") + " ms");
      }
    }
    if (latencies.size() == 3) {
      out.println("Order latency (p50): " + latencies.get(0) + " before the fault, " + latencies.get(1)
          + " under 150 ms of store latency, " + latencies.get(2) + " after recovery");
    }
    out.println("Orders:   " + counts.succeeded() + " served, " + counts.failed() + " failed during the demo");
    out.println("Journal:  " + journal);
    out.println("Report:   " + report);
  }

  // The interesting part of an http result is its body.
  private static String brief(Object output) {
    Object shown = output instanceof Map<?, ?> m && m.containsKey("body")
        ? "HTTP " + m.get("status") + " " + m.get("body") : output;
    String s = String.valueOf(shown).replace('\n', ' ');
    return s.length() > 80 ? s.substring(0, 77) + "..." : s;
  }
}
