package dev.faultline.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A run journal read once into the typed view that reports are drawn from: the verdict, a
 * summary, the hypothesis table, the activities and the timeline.
 *
 * <p>Reads Chaos Toolkit's journal keys; Faultline's {@code faultline} and {@code timeline} keys
 * are optional, so a journal written by {@code chaos run} renders too (its timeline is then built
 * from the run entries' start and end times).
 */
public final class JournalReport {
  private final String origin;
  private final RunSummary summary;
  private final Verdict verdict;
  private final String hypothesisTitle;
  private final List<HypothesisRow> hypothesisRows;
  private final List<ActivityRow> activityRows;
  private final Timeline timeline;
  private final Optional<ResponseSection> response;

  private JournalReport(String origin, RunSummary summary, Verdict verdict, String hypothesisTitle,
      List<HypothesisRow> hypothesisRows, List<ActivityRow> activityRows, Timeline timeline,
      Optional<ResponseSection> response) {
    this.origin = origin;
    this.summary = summary;
    this.verdict = verdict;
    this.hypothesisTitle = hypothesisTitle;
    this.hypothesisRows = List.copyOf(hypothesisRows);
    this.activityRows = List.copyOf(activityRows);
    this.timeline = timeline;
    this.response = response;
  }

  /**
   * Reads a journal file.
   *
   * @throws IOException when the file cannot be read or is not a journal, with the message
   *     {@code "<file> is not a run journal: <why>; expected the journal.json written by 'faultline run'"}
   */
  public static JournalReport read(Path journal) throws IOException {
    return from(JournalReader.read(journal), journal.toString());
  }

  /**
   * Reads a journal from JSON text, e.g. one just written by the engine.
   *
   * @param origin names the journal in error messages and in the report, e.g. a file name
   * @throws IOException when the text is not a journal, with the same message as {@link #read}
   */
  public static JournalReport parse(String json, String origin) throws IOException {
    return from(JournalReader.parse(json, origin), origin);
  }

  private static JournalReport from(JsonNode root, String origin) {
    JsonNode experiment = root.path("experiment");
    JsonNode steadyStates = root.path("steady_states");
    String title = Optional.ofNullable(ValueText.field(experiment, "title")).orElse("(untitled experiment)");

    Instant runStart = runStart(root);
    double durationSeconds = durationSeconds(root, runStart);
    List<JournalEntry> entries = entries(root, steadyStates, runStart);
    Timeline timeline = new TimelineBuilder(runStart, durationSeconds * 1000, title)
        .build(root.path("timeline"), entries);

    String status = root.path("status").asText();
    boolean deviated = root.path("deviated").asBoolean(false);
    Verdict verdict = VerdictRule.decide(status, deviated, steadyStates, entries, timeline.events());

    JsonNode faultline = root.path("faultline");
    JsonNode runtime = experiment.path("runtime");
    List<String> tags = new ArrayList<>();
    experiment.path("tags").forEach(tag -> tags.add(tag.asText()));
    List<String> warnings = new ArrayList<>();
    faultline.path("warnings").forEach(warning -> warnings.add(warning.asText()));
    RunSummary summary = new RunSummary(title, ValueText.field(experiment, "description"), tags,
        ValueText.field(root, "start"), ValueText.field(root, "end"), durationSeconds, status,
        deviated,
        firstText(faultline.path("hypothesis_strategy"), runtime.path("hypothesis").path("strategy")),
        firstText(faultline.path("rollback_strategy"), runtime.path("rollbacks").path("strategy")),
        ValueText.field(root, "node"), ValueText.field(root, "platform"),
        ValueText.field(root, "chaoslib-version"), ValueText.field(faultline, "version"),
        ValueText.field(faultline, "verdict"), warnings);

    JsonNode hypothesis = experiment.path("steady-state-hypothesis");
    String hypothesisTitle = hypothesis.isObject()
        ? Optional.ofNullable(ValueText.field(hypothesis, "title")).orElse("(untitled hypothesis)")
        : null;
    List<HypothesisRow> hypothesisRows = HypothesisTable.rows(hypothesis, entries);
    if (hypothesisTitle == null && !hypothesisRows.isEmpty()) {
      hypothesisTitle = "(untitled hypothesis)";
    }
    List<ActivityRow> rows = entries.stream().map(JournalEntry::toRow).toList();
    return new JournalReport(origin, summary, verdict, hypothesisTitle, hypothesisRows, rows, timeline,
        ResponseSection.of(faultline));
  }

  /** Every run entry in start order; entries that started together keep the journal's phase order. */
  private static List<JournalEntry> entries(JsonNode root, JsonNode steadyStates, Instant runStart) {
    EntryReader reader = new EntryReader(runStart);
    List<JournalEntry> entries = new ArrayList<>();
    steadyStates.path("before").path("probes").forEach(e -> entries.add(reader.read(e, Phase.BEFORE)));
    root.path("run").forEach(e -> entries.add(reader.read(e, Phase.METHOD)));
    steadyStates.path("during").forEach(state ->
        state.path("probes").forEach(e -> entries.add(reader.read(e, Phase.DURING))));
    steadyStates.path("after").path("probes").forEach(e -> entries.add(reader.read(e, Phase.AFTER)));
    root.path("rollbacks").forEach(e -> entries.add(reader.read(e, Phase.ROLLBACK)));
    entries.sort(Comparator.comparingDouble(JournalEntry::startOffsetMs));
    return entries;
  }

  /** The journal's start, or when it cannot be read, the earliest entry start. */
  private static Instant runStart(JsonNode root) {
    Optional<Instant> start = JournalTime.parse(root.path("start").asText(null));
    if (start.isPresent()) {
      return start.get();
    }
    return root.findValues("start").stream()
        .map(node -> JournalTime.parse(node.asText(null)))
        .flatMap(Optional::stream)
        .min(Comparator.naturalOrder())
        .orElse(null);
  }

  private static double durationSeconds(JsonNode root, Instant runStart) {
    if (root.path("duration").isNumber()) {
      return root.get("duration").doubleValue();
    }
    Optional<Instant> end = JournalTime.parse(root.path("end").asText(null));
    if (runStart != null && end.isPresent()) {
      return JournalTime.millisBetween(runStart, end.get()) / 1000;
    }
    return 0;
  }

  private static String firstText(JsonNode... candidates) {
    for (JsonNode candidate : candidates) {
      if (candidate.isTextual() && !candidate.textValue().isBlank()) {
        return candidate.textValue();
      }
    }
    return null;
  }

  /** The response milestones, when the journal carries them ({@code faultline.response}). */
  public Optional<ResponseSection> response() {
    return response;
  }

  /** Where the journal came from (the file path given to {@link #read}). */
  public String origin() {
    return origin;
  }

  /** The facts shown at the top of a report. */
  public RunSummary summary() {
    return summary;
  }

  /** What the run showed, in one sentence. */
  public Verdict verdict() {
    return verdict;
  }

  /** The steady-state hypothesis's title, or {@code null} when the experiment has none. */
  public String hypothesisTitle() {
    return hypothesisTitle;
  }

  /** One row per hypothesis probe, in declaration order. */
  public List<HypothesisRow> hypothesisRows() {
    return hypothesisRows;
  }

  /** Every executed activity (hypothesis probes, method, rollbacks), in start order. */
  public List<ActivityRow> activityRows() {
    return activityRows;
  }

  /** The spans to draw on the timeline chart, in start order. */
  public List<TimelineBar> timelineBars() {
    return timeline.bars();
  }

  /** The numeric probe values over time, in offset order. */
  public List<ProbePoint> probePoints() {
    return timeline.points();
  }

  /** The moments of the run, in offset order, for a text timeline. */
  public List<TimelineEvent> timelineEvents() {
    return timeline.events();
  }

  /** The length of the time axis in milliseconds: the run's duration, or later if anything was. */
  public double timelineSpanMs() {
    return timeline.spanMs();
  }
}
