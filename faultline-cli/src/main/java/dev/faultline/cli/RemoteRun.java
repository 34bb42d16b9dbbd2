package dev.faultline.cli;

import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunEventKind;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.load.FileKind;
import dev.faultline.engine.validate.Overrides;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * {@code faultline run FILE --server URL}: submits the experiment's text to the server, prints the
 * run's events as a local run prints them (the server's SSE data lines are exactly
 * {@code faultline run --json} lines), fetches the journal into {@code --journal-path}, and exits
 * with a local run's codes: 0 completed and not deviated, 1 anything else (also: invalid, refused
 * by the server, server unreachable), 2 usage (also: no server URL, no token). SIGINT/SIGTERM ask
 * the server to abort the run, then the stream is followed to its end, so the exit is that of an
 * interrupted run whose faults the server reverted.
 */
final class RemoteRun {
  /** How often a broken event stream is resumed (Last-Event-ID) before giving up. */
  private static final int MAX_RECONNECTS = 5;

  /** What the run needs from {@code faultline run}'s command line. */
  record Request(Path file, Overrides overrides, Path journalPath, String dry, String hypothesisStrategy,
      String rollbackStrategy, boolean json) {}

  private final ServerClient client;
  private final PrintWriter out;
  private final PrintWriter err;
  private volatile String runId;
  private volatile String pendingAbort;
  private volatile boolean abortSent;

  RemoteRun(ServerClient client, PrintWriter out, PrintWriter err) {
    this.client = client;
    this.out = out;
    this.err = err;
  }

  /** Refuses what the server cannot honour, so nothing is silently ignored; empty when all is fine. */
  static Optional<String> unsupported(Overrides o, boolean failFast, double hypothesisFrequency, String faultLease) {
    if (failFast) {
      return Optional.of("--fail-fast is not supported with --server (the server's runs use the default)");
    }
    if (hypothesisFrequency != 1.0) {
      return Optional.of("--hypothesis-frequency is not supported with --server (the server checks every 1 s)");
    }
    if (faultLease != null) {
      return Optional.of("--fault-lease is not supported with --server (the server process owns the faults)");
    }
    if (!o.secrets().isEmpty() || !o.environment().isEmpty()) {
      return Optional.of("--var-file with secrets or a .env file is not supported with --server: secrets are not "
          + "sent to a server; use --var/--var-file configuration values, or run locally");
    }
    return Optional.empty();
  }

  int run(Request r) {
    String text;
    try {
      text = read(r.file());
    } catch (IOException e) {
      err.println(r.file() + ": " + e.getMessage() + "; nothing was run");
      return 1;
    }
    Map<String, Object> body = ServerClient.body("source", text, "syntax", syntax(r.file()),
        "filename", r.file().getFileName() == null ? null : r.file().getFileName().toString(),
        "vars", r.overrides().configuration().isEmpty() ? null : r.overrides().configuration(),
        "dry", r.dry(), "hypothesis_strategy", r.hypothesisStrategy(), "rollback_strategy", r.rollbackStrategy());
    Outcome outcome = submitAndFollow(body, r.file().toString(), r.json());
    return outcome.end() == null ? outcome.failureExit() : finish(r, outcome.end());
  }

  /** A followed run: its id and end event, or (end null) the exit code of a failure already reported. */
  record Outcome(String runId, Map<String, Object> end, int failureExit) {}

  /**
   * Submits {@code body} ({@code POST /api/v1/runs}), prints the events to the end; SIGINT/SIGTERM
   * meanwhile abort the run on the server. {@code file} names the experiment in messages.
   */
  Outcome submitAndFollow(Map<String, Object> body, String file, boolean json) {
    try (InterruptSignals signals = InterruptSignals.routeTo(this::abort)) {
      Map<String, Object> submitted;
      try {
        submitted = client.post("/api/v1/runs", body);
      } catch (ServerClient.Failure f) {
        return new Outcome(null, null, refusedSubmission(file, f));
      }
      runId = String.valueOf(submitted.get("id"));
      for (Map<String, Object> w : ServerClient.list(submitted, "warnings")) {
        err.println(w.get("text"));
      }
      err.println("faultline: run " + runId + " on " + client.base() + "/api/v1/runs/" + runId);
      err.flush();
      if (pendingAbort != null) {
        abort(pendingAbort);
      }
      Optional<Map<String, Object>> end = follow(json);
      if (end.isEmpty()) {
        err.println("faultline: lost the event stream of run " + runId + " from " + client.base()
            + "; the run may still be going: see 'faultline runs --server " + client.base() + "'");
        return new Outcome(runId, null, 1);
      }
      return new Outcome(runId, end.get(), 0);
    }
  }

  private int refusedSubmission(String file, ServerClient.Failure f) {
    if (f.status() == 422 && !ServerClient.list(f.body(), "problems").isEmpty()) {
      List<Map<String, Object>> problems = ServerClient.list(f.body(), "problems");
      long errors = problems.stream().filter(p -> "error".equals(p.get("severity"))).count();
      for (Map<String, Object> p : problems) {
        err.println(p.get("text"));
      }
      if ("target_refused".equals(f.code())) {
        // valid, but a safety net of docs/targets.md refuses it on the server's fleet as it is now
        err.println(file + ": refused by the server's target safety nets; nothing was run");
      } else {
        err.println(file + ": invalid experiment: " + errors + " error" + (errors == 1 ? "" : "s") + "; nothing was run");
      }
      return 1;
    }
    err.println("faultline: " + f.getMessage() + (f.status() == 0 ? "" : "; nothing was run"));
    return 1;
  }

  /** Reads the events to the end event, resuming after the last seen one when the stream breaks. */
  private Optional<Map<String, Object>> follow(boolean json) {
    ProgressPrinter printer = new ProgressPrinter(out, ProgressPrinter.detect(json));
    int[] lastSeq = {0};
    for (int attempt = 0; attempt <= MAX_RECONNECTS; attempt++) {
      if (attempt > 0) {
        sleepMs(200L << Math.min(attempt, 4));
      }
      try {
        Optional<ServerClient.SseEvent> end = client.events(runId, lastSeq[0], e -> {
          if (e.id() != null && e.id().matches("\\d{1,9}")) {
            lastSeq[0] = Integer.parseInt(e.id());
          }
          print(e, json, printer);
        });
        if (end.isPresent()) {
          return Optional.of(ServerClient.object(end.get().data()));
        }
      } catch (ServerClient.Failure f) {
        if (f.status() / 100 == 4) {
          err.println("faultline: " + f.getMessage());
          return Optional.empty();
        }
      } catch (IOException e) {
        err.println("faultline: the server's end event is not JSON: " + e.getMessage());
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  private void print(ServerClient.SseEvent e, boolean json, ProgressPrinter printer) {
    if (json) {
      out.println(e.data()); // already the exact line 'faultline run --json' prints
      out.flush();
      return;
    }
    try {
      Map<String, Object> m = ServerClient.object(e.data());
      RunEventKind kind = RunEventKind.valueOf(e.name().toUpperCase(Locale.ROOT));
      @SuppressWarnings("unchecked")
      Map<String, Object> attributes = m.get("attributes") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
      double offsetMs = m.get("offset_ms") instanceof Number n ? n.doubleValue() : 0;
      printer.onEvent(new RunEvent(kind, String.valueOf(m.get("subject")), Instant.parse(String.valueOf(m.get("time"))),
          (long) (offsetMs * 1e6), attributes));
    } catch (IOException | RuntimeException unknown) {
      // An event kind this CLI does not know (a newer server) or a malformed one: progress is best effort.
    }
  }

  private int finish(Request r, Map<String, Object> end) {
    String status = String.valueOf(end.get("status"));
    boolean deviated = Boolean.TRUE.equals(end.get("deviated"));
    String verdict = String.valueOf(end.get("verdict"));
    int exitCode = "completed".equals(status) && !deviated ? 0 : 1;
    Path journal = r.journalPath().toAbsolutePath().normalize();
    Map<String, Object> journalMap;
    try {
      journalMap = ServerClient.object(client.getText("/api/v1/runs/" + runId + "/journal"));
    } catch (ServerClient.Failure | IOException e) {
      err.println("faultline: the run ended (" + verdict + ") but its journal could not be fetched: " + e.getMessage());
      return 1;
    }
    try {
      JournalWriter.write(journalMap, journal);
    } catch (IOException e) {
      err.println("faultline: the run ended (" + verdict + ") but its journal could not be written to " + journal
          + ": " + e.getMessage() + "; it stays on the server: " + client.base() + "/api/v1/runs/" + runId + "/journal");
      return 1;
    }
    if (r.json()) {
      Map<String, Object> summary = new LinkedHashMap<>();
      summary.put("event", "result");
      summary.put("status", status);
      summary.put("deviated", deviated);
      summary.put("journal", journal.toString());
      summary.put("exit_code", exitCode);
      summary.put("run_id", runId);
      out.println(ServerClient.line(summary));
    } else {
      if (journalMap.get("faultline") instanceof Map<?, ?> f && f.get("warnings") instanceof List<?> warnings) {
        warnings.forEach(w -> err.println("faultline: " + w));
      }
      out.println("Journal written to " + journal);
      out.println("Experiment ended with status: " + verdict);
    }
    out.flush();
    err.flush();
    return exitCode;
  }

  /** Signal handler: asks the server to abort the run (once); before the run exists, remembers to. */
  private void abort(String reason) {
    String id = runId;
    if (id == null) {
      pendingAbort = reason;
      return;
    }
    if (abortSent) {
      err.println("faultline: already aborting run " + id + "; waiting for the server to revert its faults");
      err.flush();
      return;
    }
    abortSent = true;
    err.println("faultline: " + reason + ": aborting run " + id + " on the server (its faults are reverted there)");
    err.flush();
    try {
      client.post("/api/v1/runs/" + id + "/abort", ServerClient.body("reason", reason + " (faultline run --server)"));
    } catch (ServerClient.Failure f) {
      if (!"run_ended".equals(f.code())) {
        err.println("faultline: could not abort run " + id + ": " + f.getMessage());
        err.flush();
      }
    }
  }

  /** The experiment's text: a regular file of at most the loader's limit. */
  private static String read(Path file) throws IOException {
    Optional<FileKind> kind = FileKind.of(file);
    if (kind.isEmpty()) {
      throw new IOException("file does not exist");
    }
    if (kind.get() != FileKind.REGULAR) {
      throw new IOException("is " + kind.get().description() + ", not a regular file");
    }
    if (Files.size(file) > DocumentLoader.MAX_FILE_BYTES) {
      throw new IOException("is larger than 16 MiB");
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new IOException("cannot be read: " + FileKind.reason(e), e);
    }
  }

  /** json or yaml by the file's extension; null lets the server tell from the text. */
  private static String syntax(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".json")) {
      return "json";
    }
    return name.endsWith(".yaml") || name.endsWith(".yml") ? "yaml" : null;
  }

  private static void sleepMs(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
