package dev.faultline.cli;

import dev.faultline.core.event.RunEvent;
import dev.faultline.core.event.RunListener;
import dev.faultline.engine.journal.JournalWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Live progress of a run: coloured lines with symbols on a terminal, plain lines otherwise, or one
 * JSON object per event with {@code --json}.
 */
final class ProgressPrinter implements RunListener {
  /** How to print. */
  enum Style { TERMINAL, PLAIN, JSON }

  private final PrintWriter out;
  private final Style style;

  ProgressPrinter(PrintWriter out, Style style) {
    this.out = out;
    this.style = style;
  }

  static Style detect(boolean json) {
    if (json) {
      return Style.JSON;
    }
    return System.console() != null && System.getenv("NO_COLOR") == null ? Style.TERMINAL : Style.PLAIN;
  }

  @Override
  public void onEvent(RunEvent e) {
    if (style == Style.JSON) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("event", e.kind().name().toLowerCase(Locale.ROOT));
      m.put("subject", e.subject());
      m.put("time", e.wallTime().toString());
      m.put("offset_ms", e.monotonicNanos() / 1e6);
      m.put("attributes", e.attributes());
      try {
        out.println(JournalWriter.toJson(m).replace("\n", "").replaceAll(" {2,}", " "));
      } catch (IOException ex) {
        out.println("{\"event\":\"" + m.get("event") + "\"}");
      }
      out.flush();
      return;
    }
    String line = describe(e);
    if (line != null) {
      out.println(String.format(Locale.ROOT, "[%7.2fs] ", e.monotonicNanos() / 1e9) + line);
      out.flush();
    }
  }

  private String describe(RunEvent e) {
    Map<String, Object> a = e.attributes();
    return switch (e.kind()) {
      case RUN_STARTED -> bold("Experiment: " + e.subject()) + dim(" (hypothesis " + a.get("hypothesis_strategy")
          + ", rollbacks " + a.get("rollback_strategy") + ")");
      case HYPOTHESIS_STARTED -> "Steady state (" + a.get("phase") + "): " + e.subject();
      case HYPOTHESIS_ENDED -> Boolean.TRUE.equals(a.get("steady_state_met"))
          ? green("✔ steady state met") + dim(" (" + a.get("phase") + ")")
          : red("✘ steady state NOT met") + dim(" (" + a.get("phase") + ")");
      case ACTIVITY_STARTED -> dim("→ " + a.get("type") + " '" + e.subject() + "' (" + a.get("provider")
          + (Boolean.TRUE.equals(a.get("background")) ? ", background" : "") + ")");
      case ACTIVITY_ENDED -> ("succeeded".equals(a.get("status")) ? green("✔") : red("✘")) + " " + e.subject() + " "
          + a.get("status") + dim(String.format(Locale.ROOT, " in %.0f ms", ((Number) a.get("duration_ms")).doubleValue()))
          + (a.containsKey("error") ? ": " + red(String.valueOf(a.get("error"))) : "");
      case PROBE_VALUE -> "  " + e.subject() + ": " + abbreviate(String.valueOf(a.containsKey("explanation")
          ? a.get("explanation") : "value " + (a.containsKey("numeric") ? a.get("numeric") : a.get("value"))));
      case PAUSE_STARTED -> dim("… pausing " + a.get("seconds") + "s " + a.get("when") + " '" + e.subject() + "'");
      case FAULT_APPLIED -> yellow("⚡ fault applied: ") + a.get("fault");
      case FAULT_RECOVERED -> green("↺ fault recovered: ") + a.get("fault") + dim(" (" + a.get("reason") + ")")
          + (a.containsKey("error") ? red(" error: " + a.get("error")) : "");
      case FAULT_WARNING -> red("⚠ fault '" + e.subject() + "': " + a.get("warning"));
      case TARGET_SELECTED -> targetLine(e.subject(), a);
      case ROLLOUT_STEP -> ("held".equals(a.get("verdict")) ? green("↗") : red("✘")) + " rollout '" + e.subject()
          + "' step " + a.get("step") + "/" + a.get("of") + ": " + a.get("size") + " agents (+" + a.get("agents")
          + "), steady state " + a.get("verdict");
      case SAFEGUARD_TRIGGERED -> red("⛔ safeguard '" + e.subject() + "' triggered: " + a.get("explanation"));
      case INTERRUPTED -> red("⛔ interrupted: " + e.subject());
      case ROLLBACKS_STARTED -> "Rollbacks";
      case RUN_ENDED -> bold("Run ended: " + e.subject() + (Boolean.TRUE.equals(a.get("deviated")) ? " (deviated)" : ""));
      default -> null;
    };
  }

  /** Which agents a targeted fault hits (or would hit, on a dry run), or why it cannot. */
  private String targetLine(String activity, Map<String, Object> a) {
    boolean dry = Boolean.TRUE.equals(a.get("dry"));
    if (a.containsKey("error")) {
      return (dry ? dim("◎ target '" + activity + "': ") : red("✘ target '" + activity + "': ")) + a.get("error");
    }
    String verb = dry ? "would hit " : "hits ";
    String line = yellow("◎ target '" + activity + "': ") + verb + (a.get("chosen") instanceof java.util.List<?> l ? l.size() : 0)
        + " of " + a.get("matching") + " matching agents (" + a.get("candidates") + " connected, seed " + a.get("seed")
        + "): " + abbreviate(String.valueOf(a.get("chosen")));
    Object refused = a.containsKey("refused") ? a.get("refused") : a.get("would_be_refused");
    return refused == null ? line : line + "\n           " + red(String.valueOf(refused));
  }

  private static String abbreviate(String s) {
    return s.length() > 160 ? s.substring(0, 157) + "..." : s;
  }

  private String green(String s) {
    return color("32", s);
  }

  private String red(String s) {
    return color("31", s);
  }

  private String yellow(String s) {
    return color("33", s);
  }

  private String bold(String s) {
    return color("1", s);
  }

  private String dim(String s) {
    return color("2", s);
  }

  private String color(String code, String s) {
    return style == Style.TERMINAL ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
  }
}
