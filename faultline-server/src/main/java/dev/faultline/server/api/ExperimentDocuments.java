package dev.faultline.server.api;

import dev.faultline.core.experiment.Experiment;
import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.core.problem.Problem;
import dev.faultline.engine.Engine;
import dev.faultline.engine.load.Document;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.validate.Overrides;
import dev.faultline.engine.validate.ValidationResult;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Experiment documents sent to the API, parsed and validated by the engine exactly as {@code
 * faultline validate} does: every problem at once, each with file:line:column.
 */
public final class ExperimentDocuments {
  private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");
  private final Engine engine;
  private final DocumentLoader loader = new DocumentLoader();

  public ExperimentDocuments(Engine engine) {
    this.engine = engine;
  }

  /** A valid experiment and the text it came from. */
  public record Valid(Experiment experiment, String syntax, String source, List<Problem> warnings) {}

  /**
   * The syntax of a body: from the Content-Type when it names JSON or YAML, else JSON when the text
   * starts with '{', else YAML.
   */
  public static DocumentLoader.Syntax syntax(String contentType, String text) {
    String ct = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    if (ct.contains("json")) {
      return DocumentLoader.Syntax.JSON;
    }
    if (ct.contains("yaml") || ct.contains("yml")) {
      return DocumentLoader.Syntax.YAML;
    }
    return text.stripLeading().startsWith("{") ? DocumentLoader.Syntax.JSON : DocumentLoader.Syntax.YAML;
  }

  /** The name problems are reported under: the client's file name when it sent a safe one. */
  public static String fileName(String requested, DocumentLoader.Syntax syntax) {
    if (requested != null && SAFE_NAME.matcher(requested).matches()) {
      return requested;
    }
    return syntax == DocumentLoader.Syntax.JSON ? "experiment.json" : "experiment.yaml";
  }

  /** Parses and validates; 422 with every problem when invalid. */
  public Valid validate(String file, String text, DocumentLoader.Syntax syntax, Overrides overrides) {
    ValidationResult result;
    try {
      Document doc = loader.parse(file, text, syntax);
      result = engine.validate(doc, overrides);
    } catch (InvalidInputException e) {
      result = new ValidationResult(Optional.empty(), e.problems());
    }
    if (!result.valid()) {
      int n = result.errors().size();
      throw new ApiException(422, "invalid_experiment", file + ": invalid experiment: " + n + " error"
          + (n == 1 ? "" : "s"), Map.of("problems", problems(result.problems())));
    }
    return new Valid(result.experiment().orElseThrow(), syntax.name().toLowerCase(Locale.ROOT), text,
        result.warnings());
  }

  /** Problems as JSON objects; {@code text} is the line {@code faultline validate} prints. */
  public static List<Map<String, Object>> problems(List<Problem> problems) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Problem p : problems) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("severity", p.severity().name().toLowerCase(Locale.ROOT));
      m.put("file", p.location().file());
      m.put("line", p.location().line());
      m.put("column", p.location().column());
      m.put("path", p.path());
      m.put("message", p.message());
      m.put("text", p.toString());
      out.add(m);
    }
    return out;
  }
}
