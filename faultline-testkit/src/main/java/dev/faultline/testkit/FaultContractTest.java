package dev.faultline.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.faultline.core.fault.Fault;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link Fault} must keep. A fault's test extends this class, builds a fresh
 * fault against a real target in {@link #newFault()}, and says how to observe it; the three
 * tests below then prove apply → recover restores the system and that recovery is idempotent.
 */
public abstract class FaultContractTest {

  /** A new, not yet applied fault aimed at a real target the test owns. */
  protected abstract Fault newFault() throws Exception;

  /** Whether the fault's effect can be observed on the target right now. */
  protected abstract boolean faultIsInEffect() throws Exception;

  @Test
  void applyTakesEffectAndRecoverRestores() throws Exception {
    Fault fault = newFault();
    assertThat(faultIsInEffect()).as("before apply").isFalse();
    fault.apply();
    try {
      assertThat(faultIsInEffect()).as("after apply").isTrue();
    } finally {
      fault.recover();
    }
    assertThat(faultIsInEffect()).as("after recover").isFalse();
  }

  @Test
  void recoverTwiceIsANoOp() throws Exception {
    Fault fault = newFault();
    fault.apply();
    fault.recover();
    assertThatCode(fault::recover).as("second recover").doesNotThrowAnyException();
    assertThat(faultIsInEffect()).as("after second recover").isFalse();
  }

  @Test
  void recoverWithoutApplyIsANoOp() throws Exception {
    Fault fault = newFault();
    assertThatCode(fault::recover).as("recover before apply").doesNotThrowAnyException();
    assertThat(faultIsInEffect()).as("after recover without apply").isFalse();
  }

  @Test
  void describesItselfForJournals() throws Exception {
    assertThat(newFault().describe()).as("describe()").isNotBlank();
  }
}
