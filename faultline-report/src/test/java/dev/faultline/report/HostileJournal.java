package dev.faultline.report;

/** A journal whose every text is an attempt to break out of HTML or a Markdown table. */
final class HostileJournal {
  static final String ACTIVITY_NAME = "<script>alert(\"pwned\")</script> | col";

  private HostileJournal() {}

  static String json() {
    String name = ACTIVITY_NAME.replace("\"", "\\\"");
    return """
        {"chaoslib-version": "1.44.0", "node": "<b>host</b>",
         "experiment": {"title": "</title><script>alert(1)</script>",
           "description": "<img src=x onerror=alert(1)> and | pipes | and `ticks` and *stars*",
           "steady-state-hypothesis": {"title": "<i>hyp</i>", "probes": [
             {"type": "probe", "name": "%1$s", "tolerance": "<ok>|", "provider": {"type": "python"}}]},
           "method": []},
         "start": "2026-03-02T10:00:00+00:00", "status": "failed", "deviated": false,
         "steady_states": {"before": {"steady_state_met": false, "probes": [
           {"activity": {"type": "probe", "name": "%1$s", "tolerance": "<ok>|", "provider": {"type": "python"}},
            "output": "<svg onload=alert(1)>|", "start": "2026-03-02T10:00:00.100+00:00", "status": "failed",
            "exception": ["ActivityFailed: <script>x</script> | broken\\n"],
            "end": "2026-03-02T10:00:00.200+00:00", "duration": 0.1, "tolerance_met": false}]},
           "after": null, "during": []},
         "run": [{"activity": {"type": "action", "name": "%1$s", "provider": {"type": "<py>"}},
                  "output": null, "start": "2026-03-02T10:00:00.300+00:00", "status": "succeeded",
                  "end": "2026-03-02T10:00:00.400+00:00", "duration": 0.1}],
         "rollbacks": [], "end": "2026-03-02T10:00:01+00:00", "duration": 1.0,
         "faultline": {"warnings": ["<script>warn()</script>"], "verdict": "<script>v()</script>"},
         "timeline": [{"kind": "interrupted", "subject": "<script>s()</script>", "offset_ms": 500,
                       "attributes": {"reason": "a | b <c>"}}]}
        """.formatted(name);
  }

  static JournalReport report() {
    try {
      return JournalReport.parse(json(), "hostile <journal>.json");
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
