package dev.faultline.engine.fault.toxiproxy;

import dev.faultline.core.fault.Fault;
import dev.faultline.core.fault.FaultArguments;
import dev.faultline.core.fault.FaultParameter;
import dev.faultline.core.fault.FaultType;
import dev.faultline.core.fault.InvalidFaultArgumentsException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What the {@code proxy-<toxic>} fault types share: the parameters {@code proxy}, {@code stream},
 * {@code toxicity} and {@code apiUrl}, and a {@link ToxicFault} as the result. A subclass names
 * its toxic and reads the toxic's own attributes.
 */
abstract class ToxicFaultType implements FaultType {

  /** A toxic's attributes with Toxiproxy's names, and the same in words for journals. */
  record Attributes(Map<String, Object> values, String summary) {}

  /** The {@code apiUrl} parameter, shared with the proxy-level fault types. */
  static final FaultParameter API_URL = new FaultParameter("apiUrl", "string", false,
      "the Toxiproxy API (faultline proxy or Toxiproxy); default " + ToxiproxyClient.DEFAULT_API_URL);

  private static final List<FaultParameter> COMMON = List.of(
      new FaultParameter("stream", "string", false,
          "upstream (client to server) or downstream (server to client); default downstream"),
      new FaultParameter("toxicity", "number", false,
          "the share of connections the toxic applies to, 0 to 1; default 1"),
      API_URL);

  private final String toxicType;

  /** @param toxicType Toxiproxy's type name, e.g. {@code latency} */
  ToxicFaultType(String toxicType) {
    this.toxicType = toxicType;
  }

  /** The parameters of the toxic itself, after {@code proxy} and before the common ones. */
  abstract List<FaultParameter> attributeParameters();

  /** Reads the toxic's own parameters; problems go to {@code arguments}. */
  abstract Attributes readAttributes(FaultArguments arguments);

  @Override
  public final boolean reversible() {
    return true;
  }

  @Override
  public final List<FaultParameter> parameters() {
    List<FaultParameter> all = new ArrayList<>();
    all.add(new FaultParameter("proxy", "string", true, "the name of the proxy to add the toxic to"));
    all.addAll(attributeParameters());
    all.addAll(COMMON);
    return all;
  }

  @Override
  public final Fault create(FaultArguments arguments) throws InvalidFaultArgumentsException {
    String proxy = arguments.string("proxy");
    Attributes attributes = readAttributes(arguments);
    String stream = arguments.optionalString("stream", "downstream");
    if (stream != null && !stream.equals("upstream") && !stream.equals("downstream")) {
      arguments.problem("stream: '" + stream + "' is not a stream; allowed upstream or downstream");
    }
    double toxicity = arguments.optionalNumber("toxicity", 0, 1, 1);
    String apiUrl = readApiUrl(arguments);
    arguments.finish();
    String name = "faultline-" + toxicType + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    ToxiproxyToxic toxic = new ToxiproxyToxic(name, toxicType, stream, toxicity, attributes.values());
    return new ToxicFault(ToxiproxyClient.withEnvironmentToken(apiUrl), proxy, toxic, attributes.summary());
  }

  /** The {@code apiUrl} parameter, checked; shared with the proxy-level fault types. */
  static String readApiUrl(FaultArguments arguments) {
    String apiUrl = arguments.optionalString("apiUrl", ToxiproxyClient.DEFAULT_API_URL);
    if (apiUrl != null) {
      ToxiproxyClient.checkUrl(apiUrl).ifPresent(problem -> arguments.problem("apiUrl: " + problem));
    }
    return apiUrl == null ? ToxiproxyClient.DEFAULT_API_URL : apiUrl;
  }
}
