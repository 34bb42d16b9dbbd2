package dev.faultline.cli;

import dev.faultline.core.problem.Problem;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints validation problems the way compilers do, or as JSON objects for machines. */
final class ProblemPrinter {
  private ProblemPrinter() {}

  static void print(List<Problem> problems, PrintWriter out) {
    for (Problem p : problems) {
      out.println(p);
    }
  }

  static Map<String, Object> json(Problem p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("severity", p.severity().name().toLowerCase(java.util.Locale.ROOT));
    m.put("file", p.location().file());
    m.put("line", p.location().line());
    m.put("column", p.location().column());
    m.put("path", p.path());
    m.put("message", p.message());
    return m;
  }
}
