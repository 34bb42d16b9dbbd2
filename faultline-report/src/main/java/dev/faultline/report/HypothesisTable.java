package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the hypothesis rows: one per declared probe (in declaration order), with what it showed
 * before and after the method. Probes the hypothesis did not reach (evaluation stops at the first
 * miss) show as not run.
 */
final class HypothesisTable {
  private HypothesisTable() {}

  static List<HypothesisRow> rows(JsonNode hypothesis, List<JournalEntry> entries) {
    Map<String, JsonNode> declared = new LinkedHashMap<>();
    for (JsonNode probe : hypothesis.path("probes")) {
      String name = ValueText.field(probe, "name");
      if (name == null) {
        name = ValueText.field(probe, "ref");
      }
      if (name != null) {
        declared.putIfAbsent(name, probe.path("tolerance"));
      }
    }
    // A journal whose experiment copy lost its probes still shows what ran.
    for (JournalEntry entry : entries) {
      if (entry.phase().equals(Phase.BEFORE) || entry.phase().equals(Phase.AFTER)) {
        declared.putIfAbsent(entry.name(), entry.tolerance());
      }
    }

    List<HypothesisRow> rows = new ArrayList<>();
    declared.forEach((name, tolerance) -> {
      JournalEntry before = find(entries, Phase.BEFORE, name);
      JournalEntry after = find(entries, Phase.AFTER, name);
      JsonNode effectiveTolerance = tolerance.isMissingNode() && before != null ? before.tolerance() : tolerance;
      rows.add(new HypothesisRow(name, ToleranceText.of(effectiveTolerance),
          value(before), before == null ? null : before.toleranceMet(),
          value(after), after == null ? null : after.toleranceMet()));
    });
    return rows;
  }

  private static JournalEntry find(List<JournalEntry> entries, String phase, String name) {
    for (JournalEntry entry : entries) {
      if (entry.phase().equals(phase) && entry.name().equals(name)) {
        return entry;
      }
    }
    return null;
  }

  private static String value(JournalEntry entry) {
    if (entry == null) {
      return null;
    }
    if (entry.failed()) {
      String error = entry.errorMessage() == null ? "no message" : entry.errorMessage();
      return ValueText.abbreviate("raised " + error, ValueText.CELL_LIMIT);
    }
    String output = entry.output().isMissingNode() ? "null" : ValueText.of(ValueText.essential(entry.output()));
    return ValueText.abbreviate(output, ValueText.CELL_LIMIT);
  }
}
