package dev.faultline.server.bench;

import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import dev.faultline.core.fleet.RemoteFaultRequest;
import dev.faultline.core.target.Target;
import dev.faultline.server.FaultlineServer;
import dev.faultline.server.ServerConfig;
import dev.faultline.server.fleet.ServerFleet;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server process of {@link FleetHaltBenchmark} (run with {@code -Xmx512m}): a real server,
 * plus {@code apply-all LEASE_MS} (one {@code sim-fault} per connected agent through the core Fleet
 * SPI, renewed every third of the lease as a run's LeaseRenewer does) and {@code heap} (used heap
 * after a full GC) on standard input. Arguments: port dataDir adminTokenFile.
 */
public final class BenchFleetServer {
  private BenchFleetServer() {}

  public static void main(String[] args) throws Exception {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    ServerConfig config = ServerConfig.defaults(Integer.parseInt(args[0]), Path.of(args[1]))
        .withAdminTokenFile(Path.of(args[2]));
    FaultlineServer server = FaultlineServer.start(config, out);
    ServerFleet fleet = new ServerFleet(server.agents(), () -> false);
    List<SelfExpiringFault> live = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(64);
    Thread renewer = new Thread(() -> {
      while (true) {
        try {
          Thread.sleep(5000);
        } catch (InterruptedException e) {
          return;
        }
        for (SelfExpiringFault f : live) {
          try {
            f.renew();
          } catch (FaultException e) {
            live.remove(f);
          }
        }
      }
    }, "bench-renewer");
    renewer.setDaemon(true);
    renewer.start();
    out.println("BENCH READY " + server.port());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.startsWith("apply-all ")) {
        long leaseMs = Long.parseLong(line.substring(10).strip());
        long t0 = System.nanoTime();
        List<Target> agents = fleet.agents();
        AtomicInteger failed = new AtomicInteger();
        List<Future<?>> done = agents.stream().<Future<?>>map(a -> pool.submit(() -> {
          try {
            SelfExpiringFault f = fleet.fault(a, new RemoteFaultRequest("bench", "sim", "sim-fault", Map.of(), null));
            f.apply(FaultExpiry.leased(Duration.ofMillis(leaseMs), Optional.empty()));
            live.add(f);
          } catch (FaultException e) {
            failed.incrementAndGet();
          }
        })).toList();
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
        out.println("APPLIED-ALL " + (agents.size() - failed.get()) + " failed " + failed.get() + " in "
            + (System.nanoTime() - t0) / 1_000_000 + " ms");
      } else if (line.equals("heap")) {
        System.gc();
        System.gc();
        MemoryUsage h = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        out.println("HEAP used_mb " + h.getUsed() / (1024 * 1024) + " committed_mb " + h.getCommitted() / (1024 * 1024)
            + " max_mb " + h.getMax() / (1024 * 1024));
      } else if (line.equals("clear")) {
        live.clear();
        out.println("CLEARED");
      }
    }
    server.close();
  }
}
