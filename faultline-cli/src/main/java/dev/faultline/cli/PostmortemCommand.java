package dev.faultline.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code faultline postmortem RUN}: a blameless postmortem draft of a server's run, in Markdown. */
@Command(name = "postmortem", mixinStandardHelpOptions = true,
    description = "Print a blameless postmortem draft (Markdown) of a run on a Faultline server: summary, impact "
        + "from the probes, the timeline with the response milestones, hypothesis vs what happened, five-whys "
        + "prompts, action items (exit 1 when the server cannot be asked or has no such run).")
final class PostmortemCommand implements Callable<Integer> {
  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Parameters(index = "0", paramLabel = "RUN", description = "The run's id, e.g. run_3f9a0c1d2e4b5a69.")
  String runId;

  @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the draft to FILE instead of printing it.")
  Path output;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    return serverOptions.exchange("postmortem", err, client -> write(out, err,
        client.getText("/api/v1/runs/" + URLEncoder.encode(runId, StandardCharsets.UTF_8) + "/postmortem")));
  }

  private int write(PrintWriter out, PrintWriter err, String markdown) {
    if (output == null) {
      out.print(markdown);
      out.flush();
      return 0;
    }
    try {
      Files.writeString(output, markdown);
    } catch (IOException e) {
      err.println("faultline postmortem: cannot write " + output.toAbsolutePath().normalize() + ": " + e.getMessage());
      return 1;
    }
    out.println("Postmortem draft of " + runId + " written to " + output.toAbsolutePath().normalize());
    return 0;
  }
}
