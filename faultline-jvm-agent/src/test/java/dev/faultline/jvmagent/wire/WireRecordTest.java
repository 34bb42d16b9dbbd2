package dev.faultline.jvmagent.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WireRecordTest {
  @Test
  void roundTripsValuesWithTabsNewlinesBackslashesAndEquals() {
    WireRecord r = WireRecord.create().with("message", "a\tb\nc\\d=e\r").with("id", 7).with("skipped", null);
    String line = r.encode();
    assertThat(line).isEqualTo("message=a\\tb\\nc\\\\d=e\\r\tid=7").doesNotContain("\n");
    WireRecord back = WireRecord.decode(line);
    assertThat(back.fields()).containsExactly(
        java.util.Map.entry("message", "a\tb\nc\\d=e\r"), java.util.Map.entry("id", "7"));
    assertThat(back.has("skipped")).isFalse();
  }

  @Test
  void refusesMalformedLines() {
    assertThatThrownBy(() -> WireRecord.decode("novalue")).hasMessage("malformed field 'novalue': expected key=value");
    assertThatThrownBy(() -> WireRecord.decode("k=a\\q")).hasMessage("malformed value 'a\\q': unknown escape \\q");
    assertThat(WireRecord.decode("").fields()).isEmpty();
  }
}
