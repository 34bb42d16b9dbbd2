package dev.faultline.jvm;

import dev.faultline.core.fault.FaultExpiry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * A controlling process for the lease tests, run as a child JVM: applies a {@link JvmFault} (a
 * 10-minute latency on {@code CLASS.METHOD}) with a lease and renews it three times per lease, as a
 * run does, until it is killed (or after 2 minutes, when it recovers the fault and exits).
 *
 * <p>Arguments: {@code PID STATE_DIR CLASS METHOD LEASE_MS}. Prints {@code APPLIED} once the rule is in.
 */
public final class LeaseHolder {
  private LeaseHolder() {}

  public static void main(String[] args) throws Exception {
    long pid = Long.parseLong(args[0]);
    Duration lease = Duration.ofMillis(Long.parseLong(args[4]));
    JvmFault fault = new JvmFault(new JvmTarget(pid, null),
        JvmRule.latency(Duration.ofMinutes(10), Duration.ZERO).on(args[2], args[3]), Path.of(args[1]));
    fault.apply(FaultExpiry.leased(lease, Optional.empty()));
    System.out.println("APPLIED");
    System.out.flush();
    long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < end) {
      Thread.sleep(lease.toMillis() / 3);
      fault.renew();
    }
    fault.recover();
  }
}
