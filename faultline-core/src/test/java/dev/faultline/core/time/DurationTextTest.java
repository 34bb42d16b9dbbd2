package dev.faultline.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
  @Test
  void readsTheFormsPeopleType() {
    assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
    assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(DurationText.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
    assertThat(DurationText.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
    assertThat(DurationText.ofValue(2)).isEqualTo(Duration.ofSeconds(2));
  }

  @Test
  void refusesDurationsPastWhatADurationHoldsInsteadOfSaturating() {
    assertThatThrownBy(() -> DurationText.parse("99999999999999999999d"))
        .hasMessage("'99999999999999999999d' is too long; a duration must be under 292 years");
    assertThatThrownBy(() -> DurationText.parse("100000d100000d"))
        .hasMessage("'100000d100000d' is too long; a duration must be under 292 years");
    assertThatThrownBy(() -> DurationText.parse("P999999999D"))
        .hasMessage("'P999999999D' is too long; a duration must be under 292 years");
    assertThatThrownBy(() -> DurationText.ofSeconds(1e300))
        .hasMessage("'1.0E300 seconds' is too long; a duration must be under 292 years");
    assertThat(DurationText.parse("100000d")).isEqualTo(Duration.ofDays(100_000));
  }

  @Test
  void refusesNegativeAndMalformedDurationsNamingTheForms() {
    assertThatThrownBy(() -> DurationText.parse("PT-5S")).hasMessage("'PT-5S' is negative; a duration must be zero or more");
    assertThatThrownBy(() -> DurationText.parse("soon")).hasMessage(
        "'soon' is not a duration; expected a number of seconds or forms such as 500ms, 30s, 2m, 1h or PT30S");
    assertThatThrownBy(() -> DurationText.parse("5 s")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DurationText.ofSeconds(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
