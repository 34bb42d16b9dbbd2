package dev.faultline.host.attack;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultRegistry;
import dev.faultline.core.fault.FaultType;
import java.util.Map;

/**
 * A child JVM that applies one host fault, as installed through ServiceLoader on this host's state
 * directory ($FAULTLINE_STATE_DIR), prints {@code APPLIED <id>} and waits to be killed.
 */
public final class CrashVictim {
  private CrashVictim() {}

  /** {@code args}: fault type name, parameters as JSON, optionally the attack's length in ms. */
  public static void main(String[] args) throws Exception {
    FaultType type = FaultRegistry.installed().find(args[0]).orElseThrow();
    @SuppressWarnings("unchecked")
    Map<String, Object> parameters = new ObjectMapper().readValue(args[1], Map.class);
    HostFault fault = (HostFault) type.create(new FaultArguments(type.name(), parameters));
    if (args.length > 2) {
      fault.expectEndAt(java.time.Instant.now().plusMillis(Long.parseLong(args[2])));
    }
    fault.apply();
    System.out.println("APPLIED " + fault.id());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
