package dev.faultline.server.continuous.pause;

import dev.faultline.server.continuous.ContinuousSettings;
import dev.faultline.server.continuous.notify.Notifier;
import dev.faultline.server.continuous.pause.PauseStore.Pause;
import dev.faultline.server.continuous.schedule.EventStore;
import dev.faultline.server.continuous.schedule.Launcher;
import dev.faultline.server.continuous.services.ServiceStore;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.Ids;
import dev.faultline.server.signal.InboundSignal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Incident-aware pausing, a subscriber of the server's {@code SignalBus}: a firing alert or an
 * open incident pauses scheduled chaos for the services it matches and aborts their scheduled
 * runs (the engine reverts their faults); its resolution starts a cool-down after which chaos
 * resumes. Repeated firings of the same alert (same key) keep one pause.
 */
public final class IncidentPauser {
  private final PauseStore store;
  private final ServiceStore services;
  private final EventStore events;
  private final Launcher launcher;
  private final AuditLog audit;
  private final Notifier notifier;
  private final ContinuousSettings settings;
  /** The prefix of a pause's entry that covers a whole team. */
  private static final String TEAM = "team:";
  private final Object lock = new Object();
  private final AtomicReference<List<Pause>> inForce = new AtomicReference<>(List.of());

  public IncidentPauser(PauseStore store, ServiceStore services, EventStore events, Launcher launcher, AuditLog audit,
      Notifier notifier, ContinuousSettings settings) {
    this.store = store;
    this.services = services;
    this.events = events;
    this.launcher = launcher;
    this.audit = audit;
    this.notifier = notifier;
    this.settings = settings;
    refresh();
  }

  /** Handles one signal from the bus. */
  public void accept(InboundSignal signal) {
    if (signal.kind().opens()) {
      open(signal);
    } else if (signal.kind().closes()) {
      close(signal);
    }
  }

  /**
   * The services a signal pauses ({@code *}: all). Label values are matched ignoring case: service
   * names are lower case ({@code [a-z0-9._-]}), while senders often capitalise them (a PagerDuty
   * service named "Checkout" is the incident of service {@code checkout}).
   */
  List<String> matching(InboundSignal signal) {
    if (settings.pauseMatch() == ContinuousSettings.PauseMatch.ALL) {
      return List.of("*");
    }
    String service = signal.labels().get("service");
    if (service != null && !service.isBlank()) {
      return Arrays.stream(service.split(",")).map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
          .distinct().toList();
    }
    String team = signal.labels().get("team");
    if (team != null && !team.isBlank()) {
      String wanted = team.strip();
      List<String> names = new ArrayList<>();
      for (ServiceStore.Service s : services.list()) {
        if (s.team().equalsIgnoreCase(wanted)) {
          names.add(s.name());
        }
      }
      // A team with no registered service still gets its pause recorded: services added later are covered too.
      names.add(TEAM + wanted.toLowerCase(Locale.ROOT));
      return names;
    }
    return List.of("*");
  }

  private void open(InboundSignal signal) {
    long now = settings.clock().millis();
    Pause pause;
    List<String> aborted;
    synchronized (lock) {
      Optional<Pause> existing = openPause(signal.key());
      if (existing.isPresent()) {
        return; // Alertmanager repeats a firing alert every group_interval: one pause per alert
      }
      String cause = signal.source() + " " + signal.kind().name().toLowerCase(java.util.Locale.ROOT) + ": "
          + signal.name() + (signal.labels().isEmpty() ? "" : " " + signal.labels());
      pause = new Pause(Ids.next("pause"), signal.source(), signal.key(), cause, matching(signal), now, null, null,
          List.of());
      store.insert(pause);
      refresh();
      // Under the lock: the per-tick sweep (expire) must not abort the same runs a second time.
      aborted = abortCovered(pause, now);
    }
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("signal", signal.key());
    params.put("services", pause.services());
    params.put("aborted_runs", aborted);
    audit.append("signal:" + signal.source(), "chaos.pause", pause.id(), params, "ok", pause.cause());
    notifier.send(Notifier.Event.PAUSED, String.join(",", pause.services()), "scheduled chaos paused for "
        + String.join(", ", pause.services()) + " by " + pause.cause() + (aborted.isEmpty() ? ""
        : "; aborted runs " + String.join(", ", aborted)), Map.of("pause", pause.id(), "aborted_runs", aborted));
  }

  private void close(InboundSignal signal) {
    long now = settings.clock().millis();
    Pause pause;
    synchronized (lock) {
      Optional<Pause> existing = openPause(signal.key());
      if (existing.isEmpty()) {
        return;
      }
      pause = existing.get();
      store.resolve(pause.id(), now, now + settings.cooldown().toMillis());
      refresh();
    }
    Instant resumes = Instant.ofEpochMilli(now + settings.cooldown().toMillis());
    audit.append("signal:" + signal.source(), "chaos.pause_resolved", pause.id(), Map.of("signal", signal.key(),
        "resumes", resumes.toString()), "ok", signal.name() + " resolved; chaos resumes at " + resumes);
    notifier.send(Notifier.Event.PAUSE_RESOLVED, String.join(",", pause.services()), signal.name()
        + " resolved; scheduled chaos resumes at " + resumes + " after the cool-down", Map.of("pause", pause.id()));
  }

  private Optional<Pause> openPause(String key) {
    return store.inForce(settings.clock().millis()).stream()
        .filter(p -> p.signalKey().equals(key) && p.resolvedMs() == null).findFirst();
  }

  /** Reloads the pauses in force (after a change). */
  public void refresh() {
    inForce.set(List.copyOf(store.inForce(settings.clock().millis())));
  }

  /**
   * Every scheduler tick: drops the pauses whose cool-down has passed, and stops the scheduled runs
   * a pause in force covers that are still going. Those slipped through: a run is submitted before
   * the launcher lists it as live, so one launched in the instant a pause began is not seen by
   * {@link #accept} and would otherwise hold its fault for the whole incident. Only this class
   * creates pauses, so with none cached there is nothing to read.
   */
  public void expire() {
    if (inForce.get().isEmpty()) {
      return;
    }
    long now = settings.clock().millis();
    synchronized (lock) {
      refresh();
      for (Pause p : inForce.get()) {
        if (!p.activeAt(now)) {
          continue;
        }
        List<String> late = abortCovered(p, now);
        if (!late.isEmpty()) {
          audit.append("faultline", "chaos.pause_abort", p.id(), Map.of("aborted_runs", late), "ok",
              "scheduled runs started as the pause began, stopped: " + String.join(", ", late));
        }
      }
    }
  }

  /**
   * Aborts the live scheduled runs {@code pause} covers that are not already stopping, records
   * each (schedule event, the pause's aborted runs) and returns their ids. Callers hold the lock.
   */
  private List<String> abortCovered(Pause pause, long now) {
    List<String> aborted = new ArrayList<>();
    for (Launcher.LiveRun run : launcher.live()) {
      if (!covers(pause, run.service(), run.team()) || pause.abortedRuns().contains(run.runId())) {
        continue;
      }
      boolean stopping = launcher.runManager().live(run.runId()).map(h -> h.control().interrupted()).orElse(true);
      if (stopping) {
        continue; // ended, or asked to stop already (by a blackout, a halt, another pause): first reason wins
      }
      if (launcher.runManager().abort(run.runId(), "paused by " + pause.cause())) {
        aborted.add(run.runId());
        events.append(now, run.service(), run.scheduleId(), EventStore.HALTED, run.runId(),
            "aborted: chaos paused by " + pause.cause());
      }
    }
    if (!aborted.isEmpty()) {
      List<String> all = new ArrayList<>(pause.abortedRuns());
      all.addAll(aborted);
      store.setAborted(pause.id(), all);
      refresh();
    }
    return aborted;
  }

  /** The pause that keeps chaos off {@code service} of {@code team} at {@code nowMs}, if any. */
  public Optional<Pause> pausing(String service, String team, long nowMs) {
    for (Pause p : inForce.get()) {
      if (p.activeAt(nowMs) && covers(p, service, team)) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  public List<Pause> inForce() {
    return inForce.get();
  }

  private static boolean covers(Pause p, String service, String team) {
    if (p.covers(service)) {
      return true;
    }
    if (team == null) {
      return false;
    }
    for (String s : p.services()) {
      if (s.startsWith(TEAM) && s.substring(TEAM.length()).equalsIgnoreCase(team)) {
        return true;
      }
    }
    return false;
  }
}
