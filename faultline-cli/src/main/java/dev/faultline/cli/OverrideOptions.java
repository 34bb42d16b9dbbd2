package dev.faultline.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.engine.load.DocumentLoader;
import dev.faultline.engine.load.FileKind;
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
      String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
      try {
        // A FIFO or a device would block or never end: only regular files are read.
        java.util.Optional<FileKind> kind = FileKind.of(file);
        if (kind.isEmpty()) {
          throw new BadOverride("--var-file " + file + ": file does not exist");
        }
        if (kind.get() != FileKind.REGULAR) {
          throw new BadOverride("--var-file " + file + ": is " + kind.get().description()
              + ", not a regular file; a var file must be a regular file");
        }
        if (Files.size(file) > DocumentLoader.MAX_FILE_BYTES) {
          throw new BadOverride("--var-file " + file + ": is larger than 16 MiB; a var file must be smaller");
        }
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
        throw new BadOverride("--var-file " + file + ": cannot be read: " + FileKind.reason(e));
      }
    }
    for (String var : vars) {
      int eq = var.indexOf('=');
      String key = eq < 0 ? var : var.substring(0, eq);
      String type = null;
      int colon = key.lastIndexOf(':');
      if (colon >= 0) {
        type = key.substring(colon + 1);
        key = key.substring(0, colon);
      }
      if (eq < 0) {
        throw badVar(var, "there is no '='");
      }
      if (key.isBlank()) {
        throw badVar(var, "the key is empty");
      }
      if (type != null && !VAR_TYPES.contains(type)) {
        throw badVar(var, "unknown type '" + type + "' (types are lower case)");
      }
      configuration.put(key, varValue(var, var.substring(eq + 1), type));
    }
    return new Overrides(configuration, secrets, environment);
  }

  /** The types {@code --var KEY:TYPE=VALUE} takes, exactly as written (Chaos Toolkit's are lower case). */
  private static final List<String> VAR_TYPES = List.of("str", "int", "float", "bool", "bytes", "json");
  private static final String VAR_TYPES_TEXT = "TYPE is one of " + String.join(", ", VAR_TYPES)
      + " (e.g. --var port:int=8080)";

  private static BadOverride badVar(String var, String what) {
    // The first line is the form; the second says what is wrong with this one.
    return new BadOverride("--var " + var + ": expected KEY=VALUE or KEY:TYPE=VALUE\n  " + what + "; "
        + VAR_TYPES_TEXT);
  }

  /** The typed value; stricter than env_var_type coercion: a bool is spelled out, a number is finite. */
  private static Object varValue(String var, String raw, String type) throws BadOverride {
    if ("bool".equals(type)) {
      String b = raw.strip().toLowerCase(Locale.ROOT);
      if (List.of("true", "yes", "1").contains(b)) {
        return true;
      }
      if (List.of("false", "no", "0").contains(b)) {
        return false;
      }
      throw badVar(var, "'" + raw + "' is not a bool; a bool is true, false, yes, no, 1 or 0");
    }
    Object value;
    try {
      value = ConfigurationResolver.coerce(raw, type);
    } catch (IllegalArgumentException e) {
      throw badVar(var, e.getMessage());
    }
    if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
      throw badVar(var, "'" + raw + "' is not a finite number");
    }
    return value;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }
}
