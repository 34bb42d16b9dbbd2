package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.engine.validate.ConfigurationResolver;
import dev.faultline.engine.validate.Overrides;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --var} and {@code --var-file}, with Chaos Toolkit's meaning and precedence. */
final class OverrideOptions {
  @Option(names = "--var", paramLabel = "KEY[:TYPE]=VALUE",
      description = "Override a configuration value (TYPE: str, int, float, bool, bytes, json). Repeatable.")
  List<String> vars = new ArrayList<>();

  @Option(names = "--var-file", paramLabel = "FILE",
      description = "JSON/YAML file of {configuration: {...}, secrets: {scope: {...}}}, or a .env file of KEY=VALUE "
          + "lines added to the environment. Repeatable; later files win; --var wins over files.")
  List<Path> varFiles = new ArrayList<>();

  /** Thrown for a bad --var or --var-file, with a message for people. */
  static final class BadOverride extends Exception {
    private static final long serialVersionUID = 1L;

    BadOverride(String message) {
      super(message);
    }
  }

  @SuppressWarnings("unchecked")
  Overrides toOverrides() throws BadOverride {
    Map<String, Object> configuration = new LinkedHashMap<>();
    Map<String, Map<String, Object>> secrets = new LinkedHashMap<>();
    Map<String, String> environment = new LinkedHashMap<>();
    for (Path file : varFiles) {
      String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
      try {
        if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
          ObjectMapper mapper = name.endsWith(".json") ? new ObjectMapper() : new ObjectMapper(new YAMLFactory());
          Object tree = mapper.readValue(file.toFile(), Object.class);
          if (!(tree instanceof Map<?, ?> m)) {
            throw new BadOverride("--var-file " + file + ": expected an object with configuration and/or secrets");
          }
          if (m.get("configuration") instanceof Map<?, ?> c) {
            configuration.putAll((Map<String, Object>) c);
          }
          if (m.get("secrets") instanceof Map<?, ?> s) {
            s.forEach((scope, values) -> {
              if (values instanceof Map<?, ?> v) {
                secrets.computeIfAbsent(String.valueOf(scope), k -> new LinkedHashMap<>()).putAll((Map<String, Object>) v);
              }
            });
          }
        } else {
          for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
              continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
              throw new BadOverride("--var-file " + file + ": '" + l + "' is not a KEY=VALUE line");
            }
            environment.put(l.substring(0, eq).strip(), unquote(l.substring(eq + 1).strip()));
          }
        }
      } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
        throw new BadOverride("--var-file " + file + (e.getLocation() == null ? "" : ":" + e.getLocation().getLineNr()
            + ":" + e.getLocation().getColumnNr()) + ": not valid JSON/YAML: " + e.getOriginalMessage());
      } catch (IOException e) {
        throw new BadOverride("--var-file " + file + ": cannot be read: " + e.getMessage());
      }
    }
    for (String var : vars) {
      int eq = var.indexOf('=');
      if (eq <= 0) {
        throw new BadOverride("--var " + var + ": expected KEY=VALUE or KEY:TYPE=VALUE");
      }
      String key = var.substring(0, eq);
      String type = null;
      int colon = key.indexOf(':');
      if (colon > 0) {
        type = key.substring(colon + 1);
        key = key.substring(0, colon);
      }
      try {
        configuration.put(key, ConfigurationResolver.coerce(var.substring(eq + 1), type));
      } catch (IllegalArgumentException e) {
        throw new BadOverride("--var " + var + ": " + e.getMessage());
      }
    }
    return new Overrides(configuration, secrets, environment);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
