package dev.faultline.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The experiment bundled with the demo, in Chaos Toolkit format: "the storefront keeps taking
 * orders". Its steady-state hypothesis reads {@code ${storefront_url}/metrics/orders-per-second}
 * (range 15 to 1000, for the default 20 orders per second) and {@code ${storefront_url}/health}
 * (status 200); its method reads the order metrics and pauses 5 s so the after-hypothesis sees
 * a fresh window. The whole run takes about 5 seconds.
 *
 * <p>The file's {@code storefront_url} is a placeholder; run it with {@link
 * #configurationFor(DemoSystem)} as configuration overrides (like {@code --var}).
 */
public final class DemoExperiment {

  /** The classpath resource holding the experiment. */
  public static final String RESOURCE = "/dev/faultline/demo/storefront-experiment.json";
  /** The configuration key the experiment reads the storefront's base URL from. */
  public static final String STOREFRONT_URL_KEY = "storefront_url";

  private DemoExperiment() {}

  /** The experiment's JSON text, as bundled. */
  public static String json() {
    try (InputStream in = DemoExperiment.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the bundled demo experiment " + RESOURCE
            + " is missing from the classpath; the faultline-demo jar is incomplete");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read the bundled demo experiment " + RESOURCE, e);
    }
  }

  /** The configuration overrides that point the experiment at {@code demo}: {@code storefront_url}. */
  public static Map<String, String> configurationFor(DemoSystem demo) {
    return Map.of(STOREFRONT_URL_KEY, demo.storefrontUri().toString());
  }
}
