package dev.faultline.engine.provider;

import dev.faultline.engine.python.PythonBridge;
import dev.faultline.engine.python.PythonFunctions;
import java.util.List;

/** The provider types every Faultline engine runs. */
public final class StandardProviders {
  private StandardProviders() {}

  /**
   * The {@code http}, {@code process}, {@code tcp}, {@code prometheus} and {@code python}
   * providers; python uses the installed stand-ins and a bridge over the settings' interpreter.
   */
  public static ProviderRegistry create(EngineSettings settings) {
    return ProviderRegistry.of(List.of(
        new HttpProvider(),
        new ProcessProvider(),
        new TcpProvider(),
        new PrometheusProvider(),
        new PythonProvider(PythonFunctions.installed(), PythonBridge.from(settings))));
  }
}
