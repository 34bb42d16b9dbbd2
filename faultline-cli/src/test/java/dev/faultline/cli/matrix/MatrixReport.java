package dev.faultline.cli.matrix;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The measured table: fault × failure mode → time to revert, or N/A / skip / known gap with the reason. */
final class MatrixReport {
  private final Map<String, Map<FailureMode, CellResult>> cells = new LinkedHashMap<>();

  synchronized void record(String fault, FailureMode mode, CellResult result) {
    cells.computeIfAbsent(fault, f -> new LinkedHashMap<>()).put(mode, result);
  }

  /** Markdown: the table, then every reason once, numbered. */
  synchronized String markdown(String header) {
    StringBuilder out = new StringBuilder(header).append("\n\n| fault |");
    for (FailureMode m : FailureMode.values()) {
      out.append(' ').append(m.title).append(" |");
    }
    out.append("\n|---|");
    out.append("---|".repeat(FailureMode.values().length)).append('\n');
    List<String> notes = new ArrayList<>();
    for (var row : cells.entrySet()) {
      out.append("| ").append(row.getKey()).append(" |");
      for (FailureMode m : FailureMode.values()) {
        CellResult r = row.getValue().get(m);
        if (r == null) {
          out.append(" – |");
          continue;
        }
        String gap = KnownGaps.CELLS.get(KnownGaps.key(row.getKey(), m));
        String note = !r.detail().isEmpty() ? r.detail() : null;
        if (gap != null && r.kind() != CellResult.Kind.REVERTED) {
          note = "known gap: " + gap;
        }
        out.append(' ').append(r.text());
        if (note != null) {
          int n = notes.indexOf(note);
          if (n < 0) {
            notes.add(note);
            n = notes.size() - 1;
          }
          out.append(" [").append(n + 1).append(']');
        }
        out.append(" |");
      }
      out.append('\n');
    }
    out.append('\n');
    for (int i = 0; i < notes.size(); i++) {
      out.append(i + 1).append(". ").append(notes.get(i)).append('\n');
    }
    return out.toString();
  }

  void write(Path file, String header) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.writeString(file, markdown(header));
  }
}
