package dev.faultline.cli;

import dev.faultline.engine.Engine;
import dev.faultline.engine.journal.JournalWriter;
import dev.faultline.engine.validate.ValidationResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code faultline validate FILE}: every problem at once, with file:line:column. Exit 0 valid, 1 invalid. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check an experiment file (JSON or YAML) and report every problem at once.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(paramLabel = "FILE", description = "The experiment file (.json, .yaml or .yml).")
  Path file;

  @Mixin
  OverrideOptions overrides = new OverrideOptions();

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    ValidationResult result;
    try {
      result = Engine.standard().validate(file, overrides.toOverrides());
    } catch (OverrideOptions.BadOverride e) {
      spec.commandLine().getErr().println("faultline: " + e.getMessage());
      return Main.USAGE_ERROR;
    }
    if (json) {
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("file", file.toString());
      out.put("valid", result.valid());
      out.put("problems", result.problems().stream().map(ProblemPrinter::json).toList());
      spec.commandLine().getOut().println(JournalWriter.toJson(out));
    } else {
      ProblemPrinter.print(result.problems(), spec.commandLine().getErr());
      spec.commandLine().getOut().println(result.valid()
          ? file + ": experiment syntax and semantic look valid" + (result.warnings().isEmpty() ? ""
              : " (" + result.warnings().size() + " warning" + (result.warnings().size() == 1 ? "" : "s") + ")")
          : file + ": invalid experiment: " + result.errors().size() + " error"
              + (result.errors().size() == 1 ? "" : "s"));
    }
    return result.valid() ? 0 : 1;
  }
}
