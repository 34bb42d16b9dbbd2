package dev.faultline.server.continuous;

import dev.faultline.server.api.ExperimentDocuments;
import dev.faultline.server.continuous.calendar.Calendar;
import dev.faultline.server.continuous.calendar.CalendarStore;
import dev.faultline.server.continuous.coverage.Coverage;
import dev.faultline.server.continuous.notify.Notifier;
import dev.faultline.server.continuous.notify.NotifyStore;
import dev.faultline.server.continuous.pause.IncidentPauser;
import dev.faultline.server.continuous.pause.PauseStore;
import dev.faultline.server.continuous.schedule.EventStore;
import dev.faultline.server.continuous.schedule.Launcher;
import dev.faultline.server.continuous.schedule.ScheduleStore;
import dev.faultline.server.continuous.schedule.Scheduler;
import dev.faultline.server.continuous.services.ServiceStore;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.ExperimentStore;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.run.HaltSwitch;
import dev.faultline.server.run.RunManager;
import dev.faultline.server.signal.SignalBus;
import org.jdbi.v3.core.Jdbi;

/**
 * Continuous, self-service chaos: services and levels, schedules and the Chaos Monkey, blackout
 * calendars, incident-aware pausing (a {@link SignalBus} subscriber), notifications, coverage.
 */
public final class Continuous implements AutoCloseable {
  private final ContinuousSettings settings;
  private final ServiceStore services;
  private final ScheduleStore schedules;
  private final EventStore events;
  private final CalendarStore calendarStore;
  private final Calendar calendar;
  private final PauseStore pauses;
  private final NotifyStore notifyTargets;
  private final Notifier notifier;
  private final Launcher launcher;
  private final IncidentPauser pauser;
  private final Scheduler scheduler;
  private final Coverage coverage;
  private final SignalBus signals;

  public Continuous(Jdbi jdbi, ContinuousSettings settings, ExperimentDocuments documents, ExperimentStore experiments,
      RunStore runs, AuditLog audit, RunManager runManager, HaltSwitch halt, SignalBus signals) {
    this.settings = settings;
    this.signals = signals;
    this.services = new ServiceStore(jdbi);
    this.schedules = new ScheduleStore(jdbi);
    this.events = new EventStore(jdbi);
    this.calendarStore = new CalendarStore(jdbi);
    this.calendar = new Calendar(calendarStore);
    this.pauses = new PauseStore(jdbi);
    this.notifyTargets = new NotifyStore(jdbi);
    this.notifier = new Notifier(notifyTargets);
    this.launcher = new Launcher(documents, experiments, runManager, halt, settings.guardrailEvery());
    this.pauser = new IncidentPauser(pauses, services, events, launcher, audit, notifier, settings);
    this.scheduler = new Scheduler(schedules, services, events, calendar, pauser, launcher, notifier, halt, runs,
        audit, settings);
    this.coverage = new Coverage(services, schedules, events, runs, settings);
    signals.subscribe(pauser::accept);
  }

  /** Starts the scheduler thread. */
  public void start() {
    scheduler.start();
  }

  public ContinuousSettings settings() {
    return settings;
  }

  public ServiceStore services() {
    return services;
  }

  public ScheduleStore schedules() {
    return schedules;
  }

  public EventStore events() {
    return events;
  }

  public CalendarStore calendarStore() {
    return calendarStore;
  }

  public Calendar calendar() {
    return calendar;
  }

  public PauseStore pauses() {
    return pauses;
  }

  public NotifyStore notifyTargets() {
    return notifyTargets;
  }

  public Notifier notifier() {
    return notifier;
  }

  public Launcher launcher() {
    return launcher;
  }

  public IncidentPauser pauser() {
    return pauser;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  public Coverage coverage() {
    return coverage;
  }

  /** The bus inbound webhooks publish on (tests publish signals here). */
  public SignalBus signals() {
    return signals;
  }

  @Override
  public void close() {
    scheduler.close();
    notifier.close();
  }
}
