package dev.faultline.engine.fault;

import static dev.faultline.engine.fault.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.faultline.core.event.RunEventKind;
import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultException;
import dev.faultline.core.fault.FaultExpiry;
import dev.faultline.core.fault.SelfExpiringFault;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The run's fault session renewing self-expiring faults, with fakes that count what is done to them. */
class TrackedFaultSessionLeaseTest {
  static final Duration LEASE = FaultExpiry.MIN_LEASE;

  record Event(RunEventKind kind, String subject, Map<String, Object> attributes) {}

  final List<Event> events = new CopyOnWriteArrayList<>();

  /** A self-expiring fault that records its expiry and counts renewals; renewals fail while told to. */
  static final class FakeExpiringFault implements SelfExpiringFault {
    volatile FaultExpiry expiry;
    final AtomicInteger renewals = new AtomicInteger();
    volatile String failWith;
    volatile boolean applied;

    @Override
    public void apply(FaultExpiry expiry) {
      this.expiry = expiry;
      applied = true;
    }

    @Override
    public void renew() throws FaultException {
      renewals.incrementAndGet();
      if (failWith != null) {
        throw new FaultException(failWith);
      }
    }

    @Override
    public void recover() {
      applied = false;
    }

    @Override
    public String describe() {
      return "added fake toxic";
    }

    @Override
    public String describeRecovery() {
      return "removed fake toxic";
    }
  }

  TrackedFaultSession session() {
    return new TrackedFaultSession((kind, subject, attributes) -> events.add(new Event(kind, subject, attributes)), LEASE);
  }

  @Test
  void aSelfExpiringFaultGetsTheLeaseAndItsDurationAndIsRenewedUntilRecovered() throws Exception {
    FakeExpiringFault fault = new FakeExpiringFault();
    try (TrackedFaultSession session = session()) {
      session.apply("slow-down", fault, Optional.of(Duration.ofSeconds(20)));
      assertThat(fault.expiry).isEqualTo(FaultExpiry.leased(LEASE, Optional.of(Duration.ofSeconds(20))));
      assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_APPLIED).singleElement()
          .satisfies(e -> assertThat(e.attributes()).containsEntry("lease_ms", 2000L).containsEntry("duration_ms", 20000L));
      // every third of the 2 s lease: two renewals take about 1.4 s
      await(() -> fault.renewals.get() >= 2, Duration.ofSeconds(10));

      session.recoverAll();
      int renewalsAtRecovery = fault.renewals.get();
      Thread.sleep(LEASE.toMillis());
      assertThat(fault.renewals.get()).as("renewals after recovery").isLessThanOrEqualTo(renewalsAtRecovery + 1);
      assertThat(fault.applied).isFalse();
    }
    assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_WARNING).isEmpty();
  }

  @Test
  void aFailingRenewalIsOneWarningOnTheTimelineAndInTheJournalAndIsRetried() throws Exception {
    FakeExpiringFault fault = new FakeExpiringFault();
    fault.failWith = "POST http://127.0.0.1:1/proxies/p/toxics/t/lease: cannot reach Toxiproxy: Connection refused";
    try (TrackedFaultSession session = session()) {
      session.apply("slow-down", fault, Optional.empty());
      assertThat(fault.expiry).isEqualTo(FaultExpiry.leased(LEASE, Optional.empty()));
      await(() -> fault.renewals.get() >= 3, Duration.ofSeconds(10));

      String warning = "could not renew the lease (tried again every 666 ms): " + fault.failWith;
      assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_WARNING).singleElement()
          .satisfies(e -> {
            assertThat(e.subject()).isEqualTo("slow-down");
            assertThat(e.attributes()).containsEntry("warning", warning);
          });
      assertThat(session.warnings()).containsExactly("slow-down: " + warning);
    }
  }

  @Test
  void theRecoveryLineSaysWhatWasUndone() throws Exception {
    FakeExpiringFault fault = new FakeExpiringFault();
    Fault plain = new Fault() {
      @Override
      public void apply() {}

      @Override
      public void recover() {}

      @Override
      public String describe() {
        return "moved /tmp/a aside";
      }
    };
    try (TrackedFaultSession session = session()) {
      session.apply("toxic", fault, Optional.empty());
      session.apply("file", plain, Optional.empty());
    }
    assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_RECOVERED)
        .extracting(e -> e.attributes().get("fault"))
        .containsExactly("reverted: moved /tmp/a aside", "removed fake toxic");
  }

  @Test
  void anOrdinaryFaultIsAppliedWithoutALease() throws Exception {
    AtomicInteger applied = new AtomicInteger();
    Fault plain = new Fault() {
      @Override
      public void apply() {
        applied.incrementAndGet();
      }

      @Override
      public void recover() {}

      @Override
      public String describe() {
        return "plain";
      }
    };
    try (TrackedFaultSession session = session()) {
      session.apply("plain", plain, Optional.empty());
    }
    assertThat(applied).hasValue(1);
    assertThat(events).filteredOn(e -> e.kind() == RunEventKind.FAULT_APPLIED).singleElement()
        .satisfies(e -> assertThat(e.attributes()).doesNotContainKey("lease_ms"));
  }

  @Test
  void keptAliveLeasesAreRenewedUntilTheSessionCloses() throws Exception {
    AtomicInteger renewals = new AtomicInteger();
    TrackedFaultSession session = session();
    try {
      assertThat(session.lease()).hasValue(LEASE);
      session.keepAlive("chaostoxi toxic 't' on proxy 'p'", () -> renewals.incrementAndGet() > 0);
      await(() -> renewals.get() >= 2, Duration.ofSeconds(10));
    } finally {
      session.close();
    }
    int atClose = renewals.get();
    Thread.sleep(LEASE.toMillis());
    assertThat(renewals.get()).as("renewals after the run").isEqualTo(atClose);
  }

  @Test
  void theHostsNoteOfASelfExpiringFaultIsReleasedOnlyOnceItIsRecovered() throws Exception {
    List<String> notes = new CopyOnWriteArrayList<>();
    AppliedFaultLog log = (label, fault, lease) -> {
      notes.add(label + " " + fault.describe() + " " + lease.toMillis());
      return () -> notes.remove(label + " " + fault.describe() + " " + lease.toMillis());
    };
    FakeExpiringFault fault = new FakeExpiringFault();
    Fault plain = new Fault() {
      @Override
      public void apply() {}

      @Override
      public void recover() {}

      @Override
      public String describe() {
        return "plain";
      }
    };
    try (TrackedFaultSession session = new TrackedFaultSession((k, s, a) -> events.add(new Event(k, s, a)), LEASE, log)) {
      session.apply("toxic", fault, Optional.empty());
      session.apply("file", plain, Optional.empty());
      assertThat(notes).as("only faults outside the process are noted").containsExactly("toxic added fake toxic 2000");
    }
    assertThat(notes).isEmpty();
  }

  @Test
  void aLogThatFailsCostsAWarningNotTheFault() throws Exception {
    AppliedFaultLog broken = (label, fault, lease) -> {
      throw new java.io.UncheckedIOException(new java.io.IOException("/var/lib/faultline: read-only file system"));
    };
    FakeExpiringFault fault = new FakeExpiringFault();
    try (TrackedFaultSession session = new TrackedFaultSession((k, s, a) -> events.add(new Event(k, s, a)), LEASE,
        broken)) {
      session.apply("toxic", fault, Optional.empty());
      assertThat(fault.applied).isTrue();
      assertThat(session.warnings()).containsExactly("toxic: faultline attacks and halt will not see this fault: "
          + "java.io.IOException: /var/lib/faultline: read-only file system");
    }
    assertThat(fault.applied).isFalse();
  }

  @Test
  void aLeaseUnderTwoSecondsIsRefused() {
    assertThatThrownBy(() -> new TrackedFaultSession((k, s, a) -> {}, Duration.ofMillis(1999)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a fault lease must be at least 2000 ms, got 1999 ms");
  }
}
