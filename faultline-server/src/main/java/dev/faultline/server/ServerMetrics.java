package dev.faultline.server;

import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.HaltStore;
import dev.faultline.server.db.RunStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's own metrics in Prometheus format: runs by status, active faults, halt state, API
 * latency by route. Database-backed gauges are refreshed once per scrape, not per request.
 */
public final class ServerMetrics {
  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, AtomicLong> runsByStatus = new ConcurrentHashMap<>();
  private final AtomicLong halted = new AtomicLong();
  private final AtomicLong activeFaults = new AtomicLong();
  private final RunStore runs;
  private final FaultStore faults;
  private final HaltStore halt;

  public ServerMetrics(RunStore runs, FaultStore faults, HaltStore halt) {
    this.runs = runs;
    this.faults = faults;
    this.halt = halt;
    for (String status : RunStore.STATUSES) {
      AtomicLong n = new AtomicLong();
      runsByStatus.put(status, n);
      Gauge.builder("faultline.runs", n, AtomicLong::get).description("Stored runs by status")
          .tag("status", status).register(registry);
    }
    Gauge.builder("faultline.halted", halted, AtomicLong::get).description("1 while chaos is halted").register(registry);
    Gauge.builder("faultline.faults.active", activeFaults, AtomicLong::get)
        .description("Faults that may be in effect (pending, applied or failed to revert)").register(registry);
  }

  /** Fleet gauges: agents connected now, faults sent to agents that may be in effect. */
  public void fleet(dev.faultline.server.fleet.AgentRegistry agents) {
    Gauge.builder("faultline.agents.connected", agents, a -> a.connectedCount())
        .description("Fleet agents connected now").register(registry);
    Gauge.builder("faultline.agents.faults.active", agents, a -> a.activeFaults())
        .description("Faults sent to agents that may be in effect (pending, applied or unknown)").register(registry);
  }

  /** Records one API request's latency under its route template (not its concrete path: bounded label values). */
  public void recordRequest(String method, String route, int status, long nanos) {
    // Looked up by a plain key: building and registering the meter's id on every request (tags
    // sorted, id hashed, filters applied) cost more than recording the latency.
    requestTimers.computeIfAbsent(new TimerKey(method, route, status), k -> Timer.builder("faultline.api.requests")
        .description("API request latency").tag("method", k.method()).tag("route", k.route())
        .tag("status", String.valueOf(k.status())).publishPercentileHistogram(false).register(registry))
        .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  private record TimerKey(String method, String route, int status) {}

  private final Map<TimerKey, Timer> requestTimers = new ConcurrentHashMap<>();

  /** The Prometheus text exposition, gauges refreshed from the database first. */
  public String scrape() {
    runs.countByStatus().forEach((status, n) -> runsByStatus.computeIfAbsent(status, k -> new AtomicLong()).set(n));
    halted.set(halt.get().halted() ? 1 : 0);
    activeFaults.set(faults.active().size());
    return registry.scrape();
  }
}
