package dev.faultline.engine.load;

import dev.faultline.core.problem.Problem;
import dev.faultline.core.problem.SourceLocation;
import java.util.List;
import java.util.Map;

/**
 * A parsed experiment file: its value tree (maps, lists, strings, numbers, booleans, null) and
 * where each value was written, keyed by document path ({@code method[2].provider.timeout}).
 *
 * @param file the file name used in messages
 * @param root the top-level value
 * @param locations the line and column of each key (for object members) or item (for list items)
 * @param problems what the loader found wrong without having to give up on the file (a number
 *     beyond the range of a double, an unsupported YAML tag, an alias without its anchor); the
 *     validator reports them with its own
 */
public record Document(String file, Object root, Map<String, SourceLocation> locations, List<Problem> problems) {

  public Document {
    problems = List.copyOf(problems);
  }

  /** A document the loader found nothing wrong with. */
  public Document(String file, Object root, Map<String, SourceLocation> locations) {
    this(file, root, locations, List.of());
  }

  /** The location of {@code path}, or of its nearest ancestor that has one. */
  public SourceLocation locate(String path) {
    String p = path;
    while (true) {
      SourceLocation l = locations.get(p);
      if (l != null) {
        return l;
      }
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      if (cut <= 0) {
        SourceLocation rootLocation = locations.get("");
        return rootLocation != null ? rootLocation : SourceLocation.unknown(file);
      }
      p = p.substring(0, cut);
    }
  }
}
