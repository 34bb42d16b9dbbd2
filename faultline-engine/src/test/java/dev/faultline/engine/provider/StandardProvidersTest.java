package dev.faultline.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class StandardProvidersTest {

  @Test
  void registersEveryStandardType() {
    ProviderRegistry registry = StandardProviders.create(new EngineSettings(Optional.empty()));

    assertThat(registry.types()).containsExactly("http", "process", "prometheus", "python", "tcp");
    assertThat(registry.find("python")).get().isInstanceOf(PythonProvider.class);
  }
}
