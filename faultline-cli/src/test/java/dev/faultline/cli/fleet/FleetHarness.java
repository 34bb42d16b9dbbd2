package dev.faultline.cli.fleet;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real Faultline server in its own process that applies faults on agents through the core
 * Fleet SPI exactly as the engine does (apply with a lease, renew every third of it), driven by
 * lines on standard input, so a test can SIGKILL the server while agents hold faults:
 * {@code apply AGENT FAULT_TYPE LEASE_MS {json parameters}} answers {@code APPLIED id} or
 * {@code FAILED message}.
 *
 * <p>Arguments: host port dataDir adminTokenFile heartbeatMs.
 */
public final class FleetHarness {
  private FleetHarness() {}

  public static void main(String[] args) throws Exception {
    PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    ServerConfig config = new ServerConfig(args[0], Integer.parseInt(args[1]), Path.of(args[2]), null, Path.of(args[3]),
        ServerConfig.DEFAULT_MAX_BODY_BYTES, 4, 64).withAgentHeartbeatMs(Long.parseLong(args[4]));
    FaultlineServer server = FaultlineServer.start(config, out);
    ServerFleet fleet = new ServerFleet(server.agents(), () -> false);
    ScheduledExecutorService renewer = Executors.newScheduledThreadPool(2);
    ObjectMapper json = new ObjectMapper();
    out.println("HARNESS READY " + server.port());
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      String[] f = line.split(" ", 5);
      if (f.length == 5 && f[0].equals("apply")) {
        long leaseMs = Long.parseLong(f[3]);
        Map<String, Object> parameters = json.readValue(f[4], new TypeReference<Map<String, Object>>() {});
        try {
          SelfExpiringFault fault = fleet.fault(new Target(f[1], "agent", Map.of()),
              new RemoteFaultRequest("harness", "apply " + f[2], f[2], parameters, null));
          fault.apply(FaultExpiry.leased(Duration.ofMillis(leaseMs), Optional.empty()));
          renewer.scheduleAtFixedRate(() -> {
            try {
              fault.renew();
            } catch (FaultException e) {
              // gone or agent disconnected: the agent's lease decides
            }
          }, leaseMs / 3, leaseMs / 3, TimeUnit.MILLISECONDS);
          String d = fault.describe();
          out.println("APPLIED " + d.substring(d.lastIndexOf('[') + 1, d.lastIndexOf(']')));
        } catch (FaultException e) {
          out.println("FAILED " + e.getMessage().replace('\n', ' '));
        }
      }
    }
    server.close();
  }
}
