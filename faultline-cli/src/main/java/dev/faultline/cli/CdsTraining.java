package dev.faultline.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run behind the launcher's class-data-sharing archive: the {@code ./faultline}
 * launcher runs this once after each build under {@code -XX:ArchiveClassesAtExit}, so the classes
 * the common verbs load are archived and later starts map them instead of loading them again.
 *
 * <p>It runs the verbs in-process, quietly, on small files in a directory it is given: help of
 * every verb (which builds each verb's command model), {@code validate} of JSON, YAML and invalid
 * files, a one-step {@code run} of a local {@code true} process, {@code report} of its journal, and
 * {@code faults}. Nothing reaches the network and nothing outside the directory is written. Exit
 * code 0 whatever the verbs returned: their results do not matter, only the classes they load.
 */
public final class CdsTraining {
  private CdsTraining() {}

  /** {@code args[0]}: an empty working directory the training may write to. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: CdsTraining WORK_DIRECTORY");
      System.exit(Main.USAGE_ERROR);
    }
    Path dir = Path.of(args[0]);
    List<String[]> calls = calls(dir);
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream quiet = new PrintStream(OutputStream.nullOutputStream(), true);
    System.setOut(quiet);
    System.setErr(quiet);
    try {
      for (String[] call : calls) {
        try {
          Main.execute(call);
        } catch (RuntimeException e) {
          // A verb that fails here still loaded most of its classes; keep training the others.
          err.println("faultline CDS training: " + String.join(" ", call) + ": " + e);
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    System.exit(0);
  }

  private static List<String[]> calls(Path dir) throws IOException {
    Path json = dir.resolve("experiment.json");
    Path yaml = dir.resolve("experiment.yaml");
    Path invalid = dir.resolve("invalid.json");
    Path journal = dir.resolve("journal.json");
    Files.writeString(json, """
        {"title": "training", "description": "class-data-sharing training run",
         "configuration": {"greeting": "hi"},
         "steady-state-hypothesis": {"title": "h", "probes": [
           {"type": "probe", "name": "ok", "tolerance": 0, "provider": {"type": "process", "path": "true"}}]},
         "method": [
           {"type": "action", "name": "say", "provider": {"type": "process", "path": "true",
            "arguments": ["${greeting}"]}, "pauses": {"after": 0}},
           {"type": "probe", "name": "look", "provider": {"type": "http", "url": "http://127.0.0.1:9/", "timeout": 1}}],
         "rollbacks": []}
        """);
    Files.writeString(yaml, """
        title: training
        description: class-data-sharing training run
        method:
          - {type: action, name: say, provider: {type: process, path: "true", arguments: [hi]}}
        """);
    Files.writeString(invalid, """
        {"title": "training", "method": [{"type": "action", "name": "x", "provider": {"type": "nope"}}]}
        """);
    Path runnable = dir.resolve("run.json");
    Files.writeString(runnable, """
        {"title": "training", "description": "one local step",
         "method": [{"type": "action", "name": "say", "provider": {"type": "process", "path": "true"}}]}
        """);
    List<String[]> calls = new ArrayList<>();
    calls.add(new String[] {"--version"});
    calls.add(new String[] {"--help"});
    for (String verb : Main.VERBS) {
      calls.add(new String[] {verb, "--help"});
    }
    calls.add(new String[] {"validate", json.toString()});
    calls.add(new String[] {"validate", yaml.toString()});
    calls.add(new String[] {"validate", invalid.toString()});
    calls.add(new String[] {"validate", "--json", json.toString()});
    calls.add(new String[] {"validate", dir.resolve("missing.json").toString()});
    calls.add(new String[] {"run", runnable.toString(), "--journal-path", journal.toString()});
    calls.add(new String[] {"report", journal.toString(), "--output", dir.resolve("report.html").toString()});
    calls.add(new String[] {"report", journal.toString(), "--format", "markdown",
        "--output", dir.resolve("report.md").toString()});
    calls.add(new String[] {"faults"});
    calls.add(new String[] {"bogus-verb"});
    return calls;
  }
}
