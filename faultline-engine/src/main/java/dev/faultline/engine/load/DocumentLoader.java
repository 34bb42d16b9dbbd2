package dev.faultline.engine.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.core.problem.Problem;
import dev.faultline.core.problem.SourceLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads JSON and YAML experiment files (chosen by extension, as Chaos Toolkit does) into a
 * {@link Document} that remembers the line and column of every value, so later checks can say
 * exactly where a problem is.
 */
public final class DocumentLoader {
  private static final JsonFactory JSON = new JsonFactory();
  private static final YAMLFactory YAML = new YAMLFactory();

  /** Which syntax a text is in. */
  public enum Syntax { JSON, YAML }

  /** Loads a file; the syntax follows the extension ({@code .json}, {@code .yaml}, {@code .yml}). */
  public Document load(Path file) throws InvalidInputException {
    String name = file.toString();
    String lower = name.toLowerCase(Locale.ROOT);
    Syntax syntax;
    if (lower.endsWith(".json")) {
      syntax = Syntax.JSON;
    } else if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      syntax = Syntax.YAML;
    } else {
      throw single(name, "only files with json, yaml or yml extensions are supported");
    }
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw single(name, "file does not exist");
    } catch (IOException e) {
      throw single(name, "cannot be read: " + e.getMessage());
    }
    return parse(name, text, syntax);
  }

  /** Parses text already in memory (bundled experiments, tests). */
  public Document parse(String file, String text, Syntax syntax) throws InvalidInputException {
    Map<String, SourceLocation> locations = new HashMap<>();
    try (JsonParser parser = (syntax == Syntax.JSON ? JSON : YAML).createParser(text)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw single(file, "the file is empty; expected an experiment object with title, description and method");
      }
      locations.put("", location(file, parser.currentTokenLocation()));
      Object root = readValue(parser, file, "", locations);
      return new Document(file, root, Map.copyOf(locations));
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      SourceLocation where = l == null ? SourceLocation.unknown(file) : location(file, l);
      String what = syntax == Syntax.JSON ? "invalid JSON: " : "invalid YAML: ";
      throw new InvalidInputException(List.of(new Problem(Problem.Severity.ERROR, where, "", what + e.getOriginalMessage())));
    } catch (IOException e) {
      throw single(file, "cannot be read: " + e.getMessage());
    }
  }

  private static Object readValue(JsonParser p, String file, String path, Map<String, SourceLocation> locations)
      throws IOException {
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, Object> map = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String key = p.currentName();
          String childPath = path.isEmpty() ? key : path + "." + key;
          locations.put(childPath, location(file, p.currentTokenLocation()));
          p.nextToken();
          map.put(key, readValue(p, file, childPath, locations));
        }
        return map;
      }
      case START_ARRAY: {
        List<Object> list = new ArrayList<>();
        int i = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          String childPath = path + "[" + i++ + "]";
          locations.put(childPath, location(file, p.currentTokenLocation()));
          list.add(readValue(p, file, childPath, locations));
        }
        return list;
      }
      case VALUE_STRING:
        return p.getText();
      case VALUE_NUMBER_INT:
        return switch (p.getNumberType()) {
          case INT -> p.getIntValue();
          case LONG -> p.getLongValue();
          default -> p.getBigIntegerValue();
        };
      case VALUE_NUMBER_FLOAT:
        return p.getDoubleValue();
      case VALUE_TRUE:
        return Boolean.TRUE;
      case VALUE_FALSE:
        return Boolean.FALSE;
      case VALUE_NULL:
        return null;
      case VALUE_EMBEDDED_OBJECT:
        return String.valueOf(p.getEmbeddedObject());
      default:
        throw new IOException("unexpected token " + t);
    }
  }

  private static SourceLocation location(String file, JsonLocation l) {
    return new SourceLocation(file, l.getLineNr(), l.getColumnNr());
  }

  private static InvalidInputException single(String file, String message) {
    return new InvalidInputException(
        List.of(new Problem(Problem.Severity.ERROR, SourceLocation.unknown(file), "", message)));
  }
}
