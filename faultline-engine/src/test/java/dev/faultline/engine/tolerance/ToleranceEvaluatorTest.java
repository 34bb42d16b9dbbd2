package dev.faultline.engine.tolerance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.experiment.Activity;
import dev.faultline.core.experiment.ActivityType;
import dev.faultline.core.experiment.Pauses;
import dev.faultline.core.experiment.ProviderSpec;
import dev.faultline.core.tolerance.Tolerance;
import dev.faultline.core.tolerance.Tolerance.BoolTolerance;
import dev.faultline.core.tolerance.Tolerance.IntTolerance;
import dev.faultline.core.tolerance.Tolerance.JsonPathTolerance;
import dev.faultline.core.tolerance.Tolerance.ListTolerance;
import dev.faultline.core.tolerance.Tolerance.ProbeTolerance;
import dev.faultline.core.tolerance.Tolerance.RangeTolerance;
import dev.faultline.core.tolerance.Tolerance.RegexTolerance;
import dev.faultline.core.tolerance.Tolerance.StringTolerance;
import dev.faultline.engine.provider.ActivityFailedException;
import dev.faultline.engine.substitute.Substitutor;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ToleranceEvaluatorTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String PROMETHEUS_ZERO =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
          + "[{\"metric\":{},\"value\":[1700000000.1,\"0\"]}]}}";
  private static final String PROMETHEUS_ERRORS =
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":"
          + "[{\"metric\":{\"code\":\"200\"},\"value\":[1700000000.1,\"0\"]},"
          + "{\"metric\":{\"code\":\"503\"},\"value\":[1700000000.1,\"4\"]}]}}";

  private final List<Object> probeCalls = new ArrayList<>();

  /** Fails any probe tolerance unless a test installs its own caller. */
  private final ToleranceEvaluator evaluator =
      new ToleranceEvaluator(
          (tolerance, value) -> {
            throw new AssertionError("unexpected tolerance probe call");
          });

  private ToleranceCheck check(Tolerance tolerance, Object value) throws InterruptedException {
    return evaluator.check(tolerance, value, Substitutor.none());
  }

  private ToleranceCheck check(Tolerance tolerance, Object value, Map<String, Object> configuration)
      throws InterruptedException {
    return evaluator.check(tolerance, value, new Substitutor(configuration, Map.of()));
  }

  private static Map<String, Object> http(int status, Object body) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", status);
    result.put("headers", Map.of("Content-Type", "text/plain"));
    result.put("body", body);
    return result;
  }

  private static Map<String, Object> process(int status, String stdout, String stderr) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("status", status);
    result.put("stdout", stdout);
    result.put("stderr", stderr);
    return result;
  }

  private static Object json(String text) {
    try {
      return JSON.readValue(text, Object.class);
    } catch (Exception e) {
      throw new IllegalArgumentException(text, e);
    }
  }

  private static ListTolerance list(Object... items) {
    return new ListTolerance(Arrays.asList(items));
  }

  private static JsonPathTolerance jsonpath(String path, String target, Integer count) {
    return new JsonPathTolerance(path, target, count, null, false);
  }

  private static JsonPathTolerance jsonpathExpecting(String path, String target, Object expect) {
    return new JsonPathTolerance(path, target, null, expect, true);
  }

  private static RangeTolerance range(String low, String high, String target) {
    return new RangeTolerance(new BigDecimal(low), new BigDecimal(high), target);
  }

  private static ProbeTolerance probeTolerance(String name) {
    Map<String, Object> provider = new LinkedHashMap<>();
    provider.put("module", "checks");
    provider.put("func", "is_fine");
    provider.put("arguments", new LinkedHashMap<>());
    Activity probe =
        new Activity(
            ActivityType.PROBE,
            name,
            new ProviderSpec("python", provider),
            null,
            Pauses.NONE,
            false,
            List.of(),
            Map.of("type", "probe", "name", name),
            "steady-state-hypothesis.probes[0].tolerance");
    return new ProbeTolerance(probe);
  }

  @Nested
  class Bool {
    @Test
    void equalBooleansMeet() throws Exception {
      assertThat(check(new BoolTolerance(true), true))
          .isEqualTo(new ToleranceCheck(true, "value true equals true"));
      assertThat(check(new BoolTolerance(false), false).met()).isTrue();
    }

    @Test
    void differentBooleansDoNotMeet() throws Exception {
      assertThat(check(new BoolTolerance(true), false))
          .isEqualTo(new ToleranceCheck(false, "value false is not true"));
    }

    @Test
    void pythonTrueEqualsOneAndFalseEqualsZero() throws Exception {
      assertThat(check(new BoolTolerance(true), 1).met()).isTrue();
      assertThat(check(new BoolTolerance(true), 1.0).met()).isTrue();
      assertThat(check(new BoolTolerance(true), BigInteger.ONE).met()).isTrue();
      assertThat(check(new BoolTolerance(false), 0).met()).isTrue();
      assertThat(check(new BoolTolerance(true), 2).met()).isFalse();
      assertThat(check(new BoolTolerance(false), 1).met()).isFalse();
    }

    @Test
    void textAndNullNeverEqualABoolean() throws Exception {
      assertThat(check(new BoolTolerance(true), "true").met()).isFalse();
      assertThat(check(new BoolTolerance(false), null).met()).isFalse();
      assertThat(check(new BoolTolerance(false), "").met()).isFalse();
    }

    @Test
    void aResultMapNeverEqualsABoolean() throws Exception {
      assertThat(check(new BoolTolerance(true), http(200, "OK")))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "value is a result with status 200, never equal to true: compare the status"
                      + " with an integer or list tolerance"));
      assertThat(check(new BoolTolerance(true), Map.of("ok", true)).met()).isFalse();
    }
  }

  @Nested
  class Int {
    @Test
    void comparesTheStatusOfAnHttpResult() throws Exception {
      assertThat(check(new IntTolerance(200), http(200, "fine")))
          .isEqualTo(new ToleranceCheck(true, "status 200 equals 200"));
      assertThat(check(new IntTolerance(200), http(503, "down")))
          .isEqualTo(new ToleranceCheck(false, "status 503 is not 200"));
    }

    @Test
    void zeroChecksAProcessExitCode() throws Exception {
      assertThat(check(new IntTolerance(0), process(0, "done\n", "")).met()).isTrue();
      assertThat(check(new IntTolerance(0), process(2, "", "boom")))
          .isEqualTo(new ToleranceCheck(false, "status 2 is not 0"));
    }

    @Test
    void plainValuesUsePythonNumericEquality() throws Exception {
      assertThat(check(new IntTolerance(3), 3))
          .isEqualTo(new ToleranceCheck(true, "value 3 equals 3"));
      assertThat(check(new IntTolerance(1), 1.0).met()).isTrue();
      assertThat(check(new IntTolerance(1), true).met()).isTrue();
      assertThat(check(new IntTolerance(0), false).met()).isTrue();
      assertThat(check(new IntTolerance(5_000_000_000L), 5_000_000_000L).met()).isTrue();
      assertThat(check(new IntTolerance(3), new BigDecimal("3.000")).met()).isTrue();
      assertThat(check(new IntTolerance(3), 3.5).met()).isFalse();
    }

    @Test
    void textIsNotANumber() throws Exception {
      assertThat(check(new IntTolerance(3), "3"))
          .isEqualTo(new ToleranceCheck(false, "value \"3\" is not 3"));
    }

    @Test
    void aMapWithoutStatusIsComparedWhole() throws Exception {
      assertThat(check(new IntTolerance(0), Map.of("code", 0)).met()).isFalse();
    }

    @Test
    void aStatusOfAnotherTypeDoesNotMatch() throws Exception {
      assertThat(check(new IntTolerance(200), Map.of("status", "200")).met()).isFalse();
    }
  }

  @Nested
  class Text {
    @Test
    void equalStringsMeet() throws Exception {
      assertThat(check(new StringTolerance("OK"), "OK"))
          .isEqualTo(new ToleranceCheck(true, "value \"OK\" equals \"OK\""));
      assertThat(check(new StringTolerance("OK"), "ok").met()).isFalse();
    }

    @Test
    void neverMatchesAnHttpResultEvenWhenTheBodyIsEqual() throws Exception {
      assertThat(check(new StringTolerance("OK"), http(200, "OK")))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "value is a result with status 200, never equal to \"OK\": match its body,"
                      + " stdout or stderr with a regex tolerance and a target"));
    }

    @Test
    void numbersAreNotText() throws Exception {
      assertThat(check(new StringTolerance("1"), 1).met()).isFalse();
      assertThat(check(new StringTolerance("true"), true).met()).isFalse();
    }

    @Test
    void substitutesNamesInTheToleranceText() throws Exception {
      Map<String, Object> configuration = Map.of("greeting", "hello", "port", 8080);
      assertThat(check(new StringTolerance("${greeting} world"), "hello world", configuration).met())
          .isTrue();
      // Text substitution: a whole ${port} becomes the text "8080", never the number.
      assertThat(check(new StringTolerance("${port}"), "8080", configuration).met()).isTrue();
      assertThat(check(new StringTolerance("${port}"), 8080, configuration).met()).isFalse();
    }

    @Test
    void unknownNamesStayAsWritten() throws Exception {
      assertThat(check(new StringTolerance("${missing}"), "${missing}").met()).isTrue();
    }
  }

  @Nested
  class ListOfValues {
    @Test
    void twoStatusesAreMembershipNotARange() throws Exception {
      assertThat(check(list(200, 503), http(404, "missing")))
          .isEqualTo(new ToleranceCheck(false, "status 404 is not in [200, 503]"));
      assertThat(check(list(200, 503), http(503, "down")).met()).isTrue();
    }

    @Test
    void aStatusBetweenTwoItemsIsNotInTheList() throws Exception {
      assertThat(check(list(5, 7), Map.of("status", 6)).met()).isFalse();
    }

    @Test
    void statusMembershipForAnyLength() throws Exception {
      assertThat(check(list(200, 201, 204), http(201, "")))
          .isEqualTo(new ToleranceCheck(true, "status 201 is in [200, 201, 204]"));
      assertThat(check(list(0), process(0, "", "")).met()).isTrue();
      assertThat(check(list(200.0, 201), http(200, "")).met()).isTrue();
    }

    @Test
    void twoItemsAreAnInclusiveRangeForPlainValues() throws Exception {
      assertThat(check(list(5, 7), 6))
          .isEqualTo(new ToleranceCheck(true, "value 6 is within [5, 7]"));
      assertThat(check(list(5, 7), 5).met()).isTrue();
      assertThat(check(list(5, 7), 7).met()).isTrue();
      assertThat(check(list(5, 7), 6.5).met()).isTrue();
      assertThat(check(list(5, 7), 8))
          .isEqualTo(new ToleranceCheck(false, "value 8 is not within [5, 7]"));
      assertThat(check(list(5, 7), 4).met()).isFalse();
      assertThat(check(list(0.5, 1.5), true).met()).isTrue();
    }

    @Test
    void twoItemsCompareTextAsPythonDoes() throws Exception {
      assertThat(check(list("a", "m"), "cat").met()).isTrue();
      assertThat(check(list("a", "m"), "zebra").met()).isFalse();
    }

    @Test
    void incomparableValuesDoNotMeetAndDoNotThrow() throws Exception {
      assertThat(check(list(5, 7), "6"))
          .isEqualTo(
              new ToleranceCheck(false, "value \"6\" cannot be compared with the bounds [5, 7]"));
      assertThat(check(list(5, 7), null).met()).isFalse();
      assertThat(check(list(5, 7), Map.of("code", 6)).met()).isFalse();
      assertThat(check(list(5, 7), Double.NaN).met()).isFalse();
    }

    @Test
    void otherLengthsAreMembership() throws Exception {
      assertThat(check(list(1, 2, 3), 2))
          .isEqualTo(new ToleranceCheck(true, "value 2 is in [1, 2, 3]"));
      assertThat(check(list(1, 2, 3), 4))
          .isEqualTo(new ToleranceCheck(false, "value 4 is not in [1, 2, 3]"));
      assertThat(check(list(1, 2, 3), 2.0).met()).isTrue();
      assertThat(check(list("a", "b", "c"), "b").met()).isTrue();
      assertThat(check(list(1), 1).met()).isTrue();
      assertThat(check(list(), 1).met()).isFalse();
      assertThat(check(list("x", null, 3), null).met()).isTrue();
    }
  }

  @Nested
  class Regex {
    @Test
    void searchesTheTargetOfAProcessResult() throws Exception {
      ToleranceCheck found = check(new RegexTolerance("ok", "stdout"), process(0, "all ok\n", ""));
      assertThat(found).isEqualTo(new ToleranceCheck(true, "regex 'ok' found in stdout"));
      assertThat(check(new RegexTolerance("ok", "stderr"), process(0, "all ok\n", "")))
          .isEqualTo(new ToleranceCheck(false, "regex 'ok' not found in stderr"));
    }

    @Test
    void searchesTheBodyOfAnHttpResult() throws Exception {
      assertThat(check(new RegexTolerance("\"healthy\":\\s*true", "body"),
              http(200, "{\"healthy\": true}")).met())
          .isTrue();
    }

    @Test
    void isASearchNotAFullMatch() throws Exception {
      assertThat(check(new RegexTolerance("ok", null), "it is okay").met()).isTrue();
      assertThat(check(new RegexTolerance("^ok", null), "not ok").met()).isFalse();
    }

    @Test
    void withoutTargetAResultMapIsNotMet() throws Exception {
      assertThat(check(new RegexTolerance("ok", null), process(0, "ok", "")))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "regex needs a string; the value is an object: set target to body, stdout or"
                      + " stderr"));
    }

    @Test
    void aTargetTheMapDoesNotHoldIsNamed() throws Exception {
      assertThat(check(new RegexTolerance("ok", "output"), process(0, "ok", "")))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "regex needs a string; the value is an object without key 'output': set target"
                      + " to body, stdout or stderr"));
    }

    @Test
    void aParsedJsonBodyNeedsJsonPath() throws Exception {
      assertThat(check(new RegexTolerance("ok", "body"), http(200, json("{\"ok\":true}"))))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "regex needs a string; body is an object: use a jsonpath tolerance to look"
                      + " inside it"));
    }

    @Test
    void otherNonTextValuesAreNotMet() throws Exception {
      assertThat(check(new RegexTolerance("ok", null), List.of("ok")))
          .isEqualTo(new ToleranceCheck(false, "regex needs a string; the value is a list"));
      assertThat(check(new RegexTolerance("ok", "body"), http(204, null)))
          .isEqualTo(new ToleranceCheck(false, "regex needs a string; body is null"));
      assertThat(check(new RegexTolerance("True", null), true).met()).isFalse();
    }

    @Test
    void numbersAreSearchedAsText() throws Exception {
      assertThat(check(new RegexTolerance("^5\\d\\d$", null), 503).met()).isTrue();
      assertThat(check(new RegexTolerance("^12\\.5$", null), 12.5).met()).isTrue();
    }

    @Test
    void substitutesNamesInThePattern() throws Exception {
      Map<String, Object> configuration = Map.of("service", "payments");
      assertThat(check(new RegexTolerance("${service} is up", "stdout"),
              process(0, "payments is up", ""), configuration).met())
          .isTrue();
      assertThat(check(new RegexTolerance("${service} is up", "stdout"),
              process(0, "orders is up", ""), configuration))
          .isEqualTo(new ToleranceCheck(false, "regex 'payments is up' not found in stdout"));
    }

    @Test
    void anInvalidPatternIsNotMet() throws Exception {
      ToleranceCheck result = check(new RegexTolerance("(unclosed", null), "unclosed");
      assertThat(result.met()).isFalse();
      assertThat(result.explanation()).startsWith("regex '(unclosed' is not a valid pattern: ");
    }

    @Test
    void dollarMatchesOnlyBeforeAFinalNewlineAsInPython() throws Exception {
      assertThat(check(new RegexTolerance("ok$", null), "ok\n").met()).isTrue();
      assertThat(check(new RegexTolerance("ok$", null), "ok\r\n").met()).isFalse();
    }

    @Test
    void characterClassesAreUnicodeAsInPython() throws Exception {
      assertThat(check(new RegexTolerance("^\\d+$", null), "\u0663\u0664").met()).isTrue();
      assertThat(check(new RegexTolerance("^\\w+$", null), "caf\u00e9").met()).isTrue();
    }

    @Test
    void pythonNamedGroupsWork() throws Exception {
      assertThat(check(new RegexTolerance("(?P<code>\\d+) again (?P=code)", null),
              "42 again 42").met())
          .isTrue();
      assertThat(check(new RegexTolerance("(?P<code>\\d+) again (?P=code)", null),
              "42 again 43").met())
          .isFalse();
      // An escaped parenthesis is literal text, not a group.
      assertThat(check(new RegexTolerance("\\(?P<x>", null), "P<x>").met()).isTrue();
    }
  }

  @Nested
  class JsonPathTolerances {
    @Test
    void countZeroOnAJsonTextBody() throws Exception {
      JsonPathTolerance noError = jsonpath("$.error", "body", 0);
      assertThat(check(noError, http(200, "{\"status\": \"ok\"}")))
          .isEqualTo(new ToleranceCheck(true, "jsonpath $.error matched 0 value(s), as expected"));
      assertThat(check(noError, http(500, "{\"error\": \"boom\"}")))
          .isEqualTo(
              new ToleranceCheck(false, "jsonpath $.error matched 1 value(s); expected count 0"));
    }

    @Test
    void aNullMemberStillCountsAsAMatch() throws Exception {
      assertThat(check(jsonpath("$.error", "body", 0), http(200, "{\"error\": null}")).met())
          .isFalse();
    }

    @Test
    void anAlreadyParsedBodyIsUsedAsIs() throws Exception {
      assertThat(check(jsonpath("$.error", "body", 0), http(200, json("{\"error\":\"x\"}"))).met())
          .isFalse();
      assertThat(check(jsonpath("$.error", "body", 0), http(200, json("{\"fine\":1}"))).met())
          .isTrue();
    }

    @Test
    void withoutCountAtLeastOneMatchIsNeeded() throws Exception {
      assertThat(check(jsonpath("$.data.result[*]", null, null), json(PROMETHEUS_ZERO)))
          .isEqualTo(new ToleranceCheck(true, "jsonpath $.data.result[*] matched 1 value(s)"));
      assertThat(check(jsonpath("$.data.missing", null, null), json(PROMETHEUS_ZERO)))
          .isEqualTo(
              new ToleranceCheck(false, "jsonpath $.data.missing matched 0 value(s); expected at least 1"));
    }

    @Test
    void prometheusFilterOnValueElementFromTheCorpus() throws Exception {
      JsonPathTolerance noErrors = jsonpath("$.data.result.*[?(@.value[1]!=\"0\")]", null, 0);
      assertThat(check(noErrors, json(PROMETHEUS_ZERO)).met()).isTrue();
      assertThat(check(noErrors, json(PROMETHEUS_ERRORS)))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "jsonpath $.data.result.*[?(@.value[1]!=\"0\")] matched 1 value(s); expected"
                      + " count 0"));
      assertThat(check(noErrors, json("{\"status\":\"success\",\"data\":{\"result\":[]}}")).met())
          .isTrue();
    }

    @Test
    void prometheusFilterOnWholeValueMatchesEveryResultAsInChaosToolkit() throws Exception {
      // jsonpath2 compares the list [ts, "0"] with "0": never equal, so every result matches.
      JsonPathTolerance v2 = jsonpath("$.data.result.*[?(@.value!=\"0\")]", null, 0);
      assertThat(check(v2, json(PROMETHEUS_ZERO)).met()).isFalse();
      assertThat(check(jsonpath("$.data.result.*[?(@.value!=\"0\")]", null, 2),
              json(PROMETHEUS_ERRORS)).met())
          .isTrue();
    }

    @Test
    void prometheusBodyAsHttpTextWithTarget() throws Exception {
      JsonPathTolerance noErrors = jsonpath("$.data.result.*[?(@.value[1]!=\"0\")]", "body", 0);
      assertThat(check(noErrors, http(200, PROMETHEUS_ZERO)).met()).isTrue();
      assertThat(check(noErrors, http(200, PROMETHEUS_ERRORS)).met()).isFalse();
    }

    @Test
    void expectAScalarComparesWithTheSingleMatch() throws Exception {
      assertThat(check(jsonpathExpecting("$.status", null, "success"), json(PROMETHEUS_ZERO)))
          .isEqualTo(
              new ToleranceCheck(true, "jsonpath $.status matched [\"success\"], as expected"));
      assertThat(check(jsonpathExpecting("$.status", null, "error"), json(PROMETHEUS_ZERO)))
          .isEqualTo(
              new ToleranceCheck(
                  false, "jsonpath $.status matched [\"success\"]; expected [\"error\"]"));
    }

    @Test
    void expectComparesNumbersNumerically() throws Exception {
      assertThat(check(jsonpathExpecting("$.replicas", null, 3), json("{\"replicas\": 3.0}")).met())
          .isTrue();
      assertThat(check(jsonpathExpecting("$.ready", null, 1), json("{\"ready\": true}")).met())
          .isTrue();
    }

    @Test
    void expectAScalarFailsWhenThereAreSeveralMatches() throws Exception {
      assertThat(check(jsonpathExpecting("$.items[*]", null, 1), json("{\"items\":[1,1]}")).met())
          .isFalse();
    }

    @Test
    void expectAListComparesWithAllMatchesInOrder() throws Exception {
      Object doc = json("{\"items\":[1,2]}");
      assertThat(check(jsonpathExpecting("$.items[*]", null, List.of(1, 2)), doc).met()).isTrue();
      assertThat(check(jsonpathExpecting("$.items[*]", null, List.of(2, 1)), doc).met()).isFalse();
      assertThat(check(jsonpathExpecting("$.items[*]", null, List.of(1)), doc).met()).isFalse();
      assertThat(check(jsonpathExpecting("$.data.result[*].value[1]", null, List.of("0", "4")),
              json(PROMETHEUS_ERRORS)).met())
          .isTrue();
    }

    @Test
    void expectOverridesCount() throws Exception {
      JsonPathTolerance both = new JsonPathTolerance("$.status", null, 5, "success", true);
      assertThat(check(both, json(PROMETHEUS_ZERO)).met()).isTrue();
    }

    @Test
    void expectNullMeansAMatchThatIsNull() throws Exception {
      assertThat(check(jsonpathExpecting("$.error", null, null), json("{\"error\":null}")).met())
          .isTrue();
      assertThat(check(jsonpathExpecting("$.error", null, null), json("{}")).met()).isFalse();
    }

    @Test
    void substitutesNamesInPathAndExpect() throws Exception {
      Map<String, Object> configuration = Map.of("field", "status", "state", "success");
      assertThat(check(jsonpathExpecting("$.${field}", null, "${state}"), json(PROMETHEUS_ZERO),
              configuration).met())
          .isTrue();
    }

    @Test
    void textThatIsNotJsonStaysText() throws Exception {
      assertThat(check(jsonpath("$.error", "body", 0), http(200, "plain text")).met()).isTrue();
      assertThat(check(jsonpathExpecting("$", "body", "plain text"), http(200, "plain text")).met())
          .isTrue();
      // Python's json.loads rejects trailing text; so must we.
      assertThat(check(jsonpathExpecting("$", "body", "123 apples"), http(200, "123 apples")).met())
          .isTrue();
    }

    @Test
    void aPathThatDoesNotParseIsNotMet() throws Exception {
      ToleranceCheck result = check(jsonpath("$.[", null, null), json("{}"));
      assertThat(result.met()).isFalse();
      assertThat(result.explanation()).startsWith("jsonpath $.[ does not parse");
    }

    @Test
    void jsonpath2FilterOperatorsAreUnderstood() throws Exception {
      Object doc =
          json(
              "{\"pods\":[{\"phase\":\"Running\",\"ready\":true},"
                  + "{\"phase\":\"Running\",\"ready\":false},{\"phase\":\"Failed\",\"ready\":false}]}");
      assertThat(check(jsonpath("$.pods[*][?(@.phase = \"Running\")]", null, 2), doc).met())
          .isTrue();
      assertThat(check(jsonpath("$.pods[*][?(@.phase = \"Running\" and @.ready = true)]", null, 1),
              doc).met())
          .isTrue();
      assertThat(check(jsonpath("$.pods[*][?(@.phase = \"Failed\" or @.ready = true)]", null, 2),
              doc).met())
          .isTrue();
      assertThat(check(jsonpath("$.pods[*][?(not (@.phase = \"Running\"))]", null, 1), doc).met())
          .isTrue();
      // Jayway spellings keep working, and "=" inside a string literal is left alone.
      assertThat(check(jsonpath("$.pods[*][?(@.phase == 'Running' && @.ready != true)]", null, 1),
              doc).met())
          .isTrue();
      assertThat(check(jsonpath("$.pods[*][?(@.phase = \"a=b\")]", null, 0), doc).met()).isTrue();
    }

    @Test
    void aMissingTargetLooksAtTheWholeValue() throws Exception {
      assertThat(check(jsonpathExpecting("$.status", "body", 200), Map.of("status", 200)).met())
          .isTrue();
    }

    @Test
    void aNullValueHasNoMatch() throws Exception {
      assertThat(check(jsonpath("$.error", "body", 0), http(204, null)).met()).isTrue();
    }
  }

  @Nested
  class Range {
    @Test
    void inclusiveBounds() throws Exception {
      assertThat(check(range("0", "20", null), 12.5))
          .isEqualTo(new ToleranceCheck(true, "value 12.5 is within [0, 20]"));
      assertThat(check(range("0", "20", null), 0).met()).isTrue();
      assertThat(check(range("0", "20", null), 20).met()).isTrue();
      assertThat(check(range("0", "20", null), 20.0001))
          .isEqualTo(new ToleranceCheck(false, "value 20.0001 is not within [0, 20]"));
      assertThat(check(range("0", "20", null), -1L).met()).isFalse();
      assertThat(check(range("0", "20", null), BigInteger.TEN).met()).isTrue();
    }

    @Test
    void aNumericTextBodyIsANumber() throws Exception {
      assertThat(check(range("500", "600", "body"), http(200, "580.5")))
          .isEqualTo(new ToleranceCheck(true, "body 580.5 is within [500, 600]"));
      assertThat(check(range("500", "600", "body"), http(200, " 580.5\n")).met()).isTrue();
      assertThat(check(range("500", "600", "stdout"), process(0, "6.01e2\n", "")).met()).isFalse();
      assertThat(check(range("500", "600", "stdout"), process(0, "5.99e2\n", "")).met()).isTrue();
    }

    @Test
    void textThatIsNotANumberIsNotMet() throws Exception {
      assertThat(check(range("500", "600", "body"), http(200, "abc")))
          .isEqualTo(
              new ToleranceCheck(false, "range [500, 600] needs a number; body is \"abc\""));
      assertThat(check(range("0", "1", null), "").met()).isFalse();
      assertThat(check(range("0", "1", null), "1 2").met()).isFalse();
    }

    @Test
    void nonNumbersAreNotMet() throws Exception {
      assertThat(check(range("0", "20", null), null))
          .isEqualTo(new ToleranceCheck(false, "range [0, 20] needs a number; the value is null"));
      assertThat(check(range("0", "20", null), List.of(1)).met()).isFalse();
      assertThat(check(range("0", "20", null), http(200, "10")))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "range [0, 20] needs a number; the value is an object: set target to body,"
                      + " stdout or stderr"));
    }

    @Test
    void pythonDecimalOfABooleanIsZeroOrOne() throws Exception {
      assertThat(check(range("1", "2", null), true).met()).isTrue();
      assertThat(check(range("1", "2", null), false).met()).isFalse();
    }

    @Test
    void infinityAndNanAreNeverWithin() throws Exception {
      assertThat(check(range("0", "20", null), "Infinity"))
          .isEqualTo(new ToleranceCheck(false, "value Infinity is not within [0, 20]"));
      assertThat(check(range("0", "20", null), "-inf").met()).isFalse();
      assertThat(check(range("0", "20", null), Double.POSITIVE_INFINITY).met()).isFalse();
      assertThat(check(range("0", "20", null), "NaN"))
          .isEqualTo(
              new ToleranceCheck(false, "value NaN has no order; range [0, 20] needs a number"));
    }

    @Test
    void boundsMayBeDecimals() throws Exception {
      assertThat(check(range("0.1", "0.2", null), 0.15).met()).isTrue();
      assertThat(check(range("-1.5", "-0.5", null), "-1").met()).isTrue();
    }
  }

  @Nested
  class Probe {
    private ToleranceEvaluator answering(Object output) {
      return new ToleranceEvaluator(
          (tolerance, value) -> {
            probeCalls.add(tolerance);
            probeCalls.add(value);
            return output;
          });
    }

    @Test
    void aTruthyOutputMeetsAndTheProbeGetsTheValue() throws Exception {
      ProbeTolerance tolerance = probeTolerance("check-latency");
      Map<String, Object> value = http(200, "fine");
      ToleranceCheck result = answering("yes").check(tolerance, value, Substitutor.none());
      assertThat(result)
          .isEqualTo(new ToleranceCheck(true, "tolerance probe 'check-latency' returned \"yes\""));
      assertThat(probeCalls).containsExactly(tolerance, value);
    }

    @Test
    void falsyOutputsDoNotMeet() throws Exception {
      ProbeTolerance tolerance = probeTolerance("check-latency");
      for (Object falsy : Arrays.asList(null, false, 0, 0L, 0.0, BigDecimal.ZERO, "", Map.of(), List.of())) {
        assertThat(answering(falsy).check(tolerance, 1, Substitutor.none()).met())
            .as("output %s", falsy)
            .isFalse();
      }
      assertThat(answering(0).check(tolerance, 1, Substitutor.none()))
          .isEqualTo(
              new ToleranceCheck(false, "tolerance probe 'check-latency' returned 0, which is falsy"));
    }

    @Test
    void truthyOutputsMeet() throws Exception {
      ProbeTolerance tolerance = probeTolerance("check-latency");
      for (Object truthy : List.of(true, 1, -1, 0.5, "no", Map.of("a", 1), List.of(0), process(1, "", ""))) {
        assertThat(answering(truthy).check(tolerance, 1, Substitutor.none()).met())
            .as("output %s", truthy)
            .isTrue();
      }
    }

    @Test
    void aFailedProbeDoesNotMeet() throws Exception {
      ToleranceEvaluator failing =
          new ToleranceEvaluator(
              (tolerance, value) -> {
                throw new ActivityFailedException("connection refused to 127.0.0.1:9");
              });
      assertThat(failing.check(probeTolerance("check-latency"), 1, Substitutor.none()))
          .isEqualTo(
              new ToleranceCheck(
                  false,
                  "tolerance probe 'check-latency' failed: connection refused to 127.0.0.1:9"));
    }

    @Test
    void interruptionPropagates() {
      ToleranceEvaluator interrupted =
          new ToleranceEvaluator(
              (tolerance, value) -> {
                throw new InterruptedException("stopping");
              });
      assertThatThrownBy(() -> interrupted.check(probeTolerance("p"), 1, Substitutor.none()))
          .isInstanceOf(InterruptedException.class)
          .hasMessage("stopping");
    }
  }

  @Nested
  class Explanations {
    @Test
    void longValuesAreShortened() throws Exception {
      String body = "x".repeat(500);
      ToleranceCheck result = check(new StringTolerance("OK"), body);
      assertThat(result.explanation()).hasSizeLessThan(120).contains("...").endsWith(" is not \"OK\"");
    }

    @Test
    void controlCharactersAreEscaped() throws Exception {
      assertThat(check(new StringTolerance("a"), "line\nnext\t\"q\"").explanation())
          .isEqualTo("value \"line\\nnext\\t\\\"q\\\"\" is not \"a\"");
    }
  }

  @Nested
  class Python {
    @Test
    void truthiness() {
      assertThat(PythonTruth.truthy(null)).isFalse();
      assertThat(PythonTruth.truthy(false)).isFalse();
      assertThat(PythonTruth.truthy(0)).isFalse();
      assertThat(PythonTruth.truthy(-0.0)).isFalse();
      assertThat(PythonTruth.truthy(BigInteger.ZERO)).isFalse();
      assertThat(PythonTruth.truthy(new BigDecimal("0.00"))).isFalse();
      assertThat(PythonTruth.truthy("")).isFalse();
      assertThat(PythonTruth.truthy(Map.of())).isFalse();
      assertThat(PythonTruth.truthy(List.of())).isFalse();
      assertThat(PythonTruth.truthy(Double.NaN)).isTrue();
      assertThat(PythonTruth.truthy(" ")).isTrue();
      assertThat(PythonTruth.truthy(List.of(false))).isTrue();
      assertThat(PythonTruth.truthy(new Object())).isTrue();
    }

    @Test
    void equality() {
      assertThat(PythonTruth.equal(1, 1.0)).isTrue();
      assertThat(PythonTruth.equal(true, 1L)).isTrue();
      assertThat(PythonTruth.equal(false, 0.0)).isTrue();
      assertThat(PythonTruth.equal(new BigInteger("9007199254740993"), 9007199254740992.0)).isFalse();
      assertThat(PythonTruth.equal(0.1, new BigDecimal("0.1"))).isFalse();
      assertThat(PythonTruth.equal(Double.NaN, Double.NaN)).isFalse();
      assertThat(PythonTruth.equal("1", 1)).isFalse();
      assertThat(PythonTruth.equal(null, null)).isTrue();
      assertThat(PythonTruth.equal(null, 0)).isFalse();
      assertThat(PythonTruth.equal(Map.of("a", List.of(1, 2)), Map.of("a", List.of(1.0, 2L)))).isTrue();
      assertThat(PythonTruth.equal(Map.of("a", 1), Map.of("b", 1))).isFalse();
      assertThat(PythonTruth.equal(List.of(1), List.of(1, 2))).isFalse();
      assertThat(PythonTruth.equal(List.of(), Map.of())).isFalse();
    }

    @Test
    void ordering() {
      assertThat(sign(PythonTruth.compare(1, 2.5))).isEqualTo(-1);
      assertThat(sign(PythonTruth.compare(true, 0))).isEqualTo(1);
      assertThat(sign(PythonTruth.compare(2, 2.0))).isZero();
      BigInteger googolish = new BigInteger("1" + "0".repeat(400));
      assertThat(sign(PythonTruth.compare(Double.POSITIVE_INFINITY, googolish))).isEqualTo(1);
      assertThat(sign(PythonTruth.compare(googolish, Double.NEGATIVE_INFINITY))).isEqualTo(1);
      assertThat(sign(PythonTruth.compare(Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY)))
          .isZero();
      assertThat(sign(PythonTruth.compare("b", "ab"))).isEqualTo(1);
      // Code points, not UTF-16 units: U+1F600 sorts after U+FFFF as in Python.
      assertThat(sign(PythonTruth.compare("\uD83D\uDE00", "\uFFFF"))).isEqualTo(1);
      assertThat(sign(PythonTruth.compare(List.of(1, 2), List.of(1, 3)))).isEqualTo(-1);
      assertThat(sign(PythonTruth.compare(List.of(1, 2), List.of(1)))).isEqualTo(1);
      assertThat(sign(PythonTruth.compare(List.of(1, "a"), List.of(1, 2)))).isNull();
      assertThat(sign(PythonTruth.compare("1", 1))).isNull();
      assertThat(sign(PythonTruth.compare(null, 1))).isNull();
      assertThat(sign(PythonTruth.compare(Double.NaN, 1))).isNull();
      assertThat(sign(PythonTruth.compare(Map.of(), Map.of()))).isNull();
    }

    /** The sign of a comparison, or null when Python could not order the values. */
    private Integer sign(OptionalInt comparison) {
      return comparison.isPresent() ? Integer.signum(comparison.getAsInt()) : null;
    }
  }
}
