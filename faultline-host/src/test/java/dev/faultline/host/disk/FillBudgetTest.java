package dev.faultline.host.disk;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The per-chunk decision of a disk fill: the floor holds even when others use space mid-fill. */
class FillBudgetTest {
  private static final long MB = 1024 * 1024;
  private final FillBudget budget = new FillBudget(8 * MB, false, (int) (4 * MB));

  @Test
  void writesWholeChunksWhileFarAboveTheFloor() {
    assertThat(budget.next(100 * MB, 60 * MB)).isEqualTo(4 * MB);
    assertThat(budget.next(MB, 60 * MB)).as("the last, partial chunk").isEqualTo(MB);
  }

  @Test
  void stopsAtTheFloorWhenSomeoneElseUsedTheSpace() {
    assertThat(budget.next(20 * MB, 10 * MB)).as("only down to the floor").isEqualTo(2 * MB);
    assertThat(budget.next(20 * MB, 8 * MB)).as("at the floor").isZero();
    assertThat(budget.next(20 * MB, 3 * MB)).as("below the floor").isZero();
  }

  @Test
  void forceGoesPastTheFloor() {
    FillBudget forced = new FillBudget(8 * MB, true, (int) (4 * MB));
    assertThat(forced.next(20 * MB, 3 * MB)).isEqualTo(4 * MB);
  }
}
