package dev.faultline.engine.load;

import dev.faultline.core.problem.SourceLocation;
import java.util.Map;

/**
 * A parsed experiment file: its value tree (maps, lists, strings, numbers, booleans, null) and
 * where each value was written, keyed by document path ({@code method[2].provider.timeout}).
 *
 * @param file the file name used in messages
 * @param root the top-level value
 * @param locations the line and column of each key (for object members) or item (for list items)
 */
public record Document(String file, Object root, Map<String, SourceLocation> locations) {

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
