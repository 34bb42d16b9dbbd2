package dev.faultline.core.fault;

import java.time.Duration;
import java.util.Optional;

/**
 * When the injector itself must take a fault away, even if the process that applied it is gone
 * (a dead man's switch): after {@code lease} without a renewal, and in any case {@code length}
 * after it was applied. Both are optional; with neither, the fault stays until reverted.
 *
 * @param lease how long the fault survives without {@link SelfExpiringFault#renew()}; at least
 *     {@link #MIN_LEASE}
 * @param length the fault's hard end, counted from apply, whatever the renewals
 */
public record FaultExpiry(Optional<Duration> lease, Optional<Duration> length) {
  /** The shortest lease: renewals must be able to cross a busy machine in time. */
  public static final Duration MIN_LEASE = Duration.ofSeconds(2);
  /** The lease a run gives its faults unless told otherwise. */
  public static final Duration DEFAULT_LEASE = Duration.ofSeconds(15);
  /** No expiry: the fault stays until it is reverted explicitly. */
  public static final FaultExpiry NEVER = new FaultExpiry(Optional.empty(), Optional.empty());

  public FaultExpiry {
    lease.ifPresent(l -> {
      if (l.compareTo(MIN_LEASE) < 0) {
        throw new IllegalArgumentException("a fault lease must be at least " + MIN_LEASE.toMillis()
            + " ms, got " + l.toMillis() + " ms");
      }
    });
    length.ifPresent(l -> {
      if (l.isNegative() || l.isZero()) {
        throw new IllegalArgumentException("a fault length must be positive, got " + l.toMillis() + " ms");
      }
    });
  }

  /** A lease renewed by the applier, plus the fault's own length if it has one. */
  public static FaultExpiry leased(Duration lease, Optional<Duration> length) {
    return new FaultExpiry(Optional.of(lease), length);
  }
}
