package dev.faultline.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Times} writes ISO instants itself; the text must be exactly {@code Instant.toString()}'s. */
class TimesTest {
  private static final long SEED = 0x5eed_7135L;

  @Test
  void isoMatchesInstantToStringOnEdgesAndSeededRandomTimes() {
    List<Long> samples = new ArrayList<>(List.of(0L, 1L, 999L, 1000L, 86_399_999L, 86_400_000L,
        951_782_400_000L /* 2000-02-29 */, 951_868_799_999L, 4_107_542_400_000L /* 2100-03-01 */,
        1_798_761_599_120L, 253_402_300_799_999L /* 9999-12-31T23:59:59.999 */, 253_402_300_800_000L,
        -1L, -86_400_001L, Long.MAX_VALUE / 1000));
    Random random = new Random(SEED);
    for (int i = 0; i < 20_000; i++) {
      long ms = (long) (random.nextDouble() * 253_402_300_800_000L);
      samples.add(i % 4 == 0 ? ms - ms % 1000 : ms); // a quarter on whole seconds: no fraction
    }
    for (long ms : samples) {
      assertThat(Times.iso(ms)).as("epoch ms %d (seed %x)", ms, SEED).isEqualTo(Instant.ofEpochMilli(ms).toString());
    }
    assertThat(Times.iso(null)).isNull();
  }
}
