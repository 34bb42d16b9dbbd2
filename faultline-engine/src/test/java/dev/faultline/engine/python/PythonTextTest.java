package dev.faultline.engine.python;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonTextTest {

  @Test
  void strOfScalarsIsWhatPythonPrints() {
    assertThat(PythonText.str("text")).isEqualTo("text");
    assertThat(PythonText.str(true)).isEqualTo("True");
    assertThat(PythonText.str(false)).isEqualTo("False");
    assertThat(PythonText.str(null)).isEqualTo("None");
    assertThat(PythonText.str(42)).isEqualTo("42");
    assertThat(PythonText.str(12345678901L)).isEqualTo("12345678901");
  }

  @Test
  void floatsFollowPythonsRepr() {
    assertThat(PythonText.str(1.0)).isEqualTo("1.0");
    assertThat(PythonText.str(0.5)).isEqualTo("0.5");
    assertThat(PythonText.str(0.0001)).isEqualTo("0.0001");
    assertThat(PythonText.str(0.00001)).isEqualTo("1e-05");
    assertThat(PythonText.str(1.5e-7)).isEqualTo("1.5e-07");
    assertThat(PythonText.str(1e16)).isEqualTo("1e+16");
    assertThat(PythonText.str(123456789012345.0)).isEqualTo("123456789012345.0");
    assertThat(PythonText.str(-2.5)).isEqualTo("-2.5");
  }

  @Test
  void containersUseReprOfTheirItems() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("query", "up");
    map.put("step", 1);
    map.put("none", null);
    List<Object> list = new ArrayList<>(Arrays.asList("it's", "say \"hi\"", true, map));

    assertThat(PythonText.str(list))
        .isEqualTo("[\"it's\", 'say \"hi\"', True, {'query': 'up', 'step': 1, 'none': None}]");
    assertThat(PythonText.repr("both ' and \"")).isEqualTo("'both \\' and \"'");
    assertThat(PythonText.repr("tab\there\n")).isEqualTo("'tab\\there\\n'");
  }
}
