package dev.faultline.engine.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.faultline.core.problem.InvalidInputException;
import dev.faultline.core.problem.Problem;
import dev.faultline.core.problem.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads JSON and YAML experiment files (chosen by extension, as Chaos Toolkit does) into a
 * {@link Document} that remembers the line and column of every value, so later checks can say
 * exactly where a problem is.
 *
 * <p>Hostile input is bounded: a file is read only when it is a regular file of at most
 * {@link #MAX_FILE_BYTES}; bytes that are not UTF-8 (or UTF-16 with a byte-order mark) are reported
 * at their line and column; values nest at most {@link #MAX_DEPTH} levels; keys hold at most
 * {@link #MAX_KEY_CHARS} characters and numbers at most {@link #MAX_NUMBER_DIGITS} digits. YAML
 * anchors, aliases and merge keys ({@code <<}) are resolved as PyYAML's {@code safe_load} does,
 * with at most {@link #MAX_ALIAS_VALUES} values copied by aliases in all (a "billion laughs"
 * document is refused instead of filling the memory).
 */
public final class DocumentLoader {
  /** The largest experiment file read: 16 MiB (real experiments are a few KiB). */
  public static final int MAX_FILE_BYTES = 16 * 1024 * 1024;
  /** The deepest nesting of objects and lists (real experiments nest under 10 levels). */
  public static final int MAX_DEPTH = 100;
  /** The longest key, in characters. */
  public static final int MAX_KEY_CHARS = 1000;
  /** The longest number, in characters. */
  public static final int MAX_NUMBER_DIGITS = 1000;
  /** How many values aliases may copy in one document, all aliases together. */
  public static final int MAX_ALIAS_VALUES = 100_000;

  private static final StreamReadConstraints LIMITS = StreamReadConstraints.builder()
      .maxNestingDepth(MAX_DEPTH * 2).maxNumberLength(MAX_NUMBER_DIGITS).maxNameLength(MAX_KEY_CHARS * 4)
      .maxStringLength(MAX_FILE_BYTES).build();
  private static final JsonFactory JSON = JsonFactory.builder().streamReadConstraints(LIMITS).build();
  private static final YAMLFactory YAML = YAMLFactory.builder().streamReadConstraints(LIMITS).build();
  private static final String YAML_TAG = "tag:yaml.org,2002:";

  /** Which syntax a text is in. */
  public enum Syntax { JSON, YAML }

  /** Loads a file; the syntax follows the extension ({@code .json}, {@code .yaml}, {@code .yml}). */
  public Document load(Path file) throws InvalidInputException {
    String name = file.toString();
    Syntax syntax = syntaxOf(name);
    return parse(name, read(file, name), syntax);
  }

  private static Syntax syntaxOf(String name) throws InvalidInputException {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json")) {
      return Syntax.JSON;
    }
    if (lower.endsWith(".yaml") || lower.endsWith(".yml")) {
      return Syntax.YAML;
    }
    throw single(SourceLocation.unknown(name), "only files with json, yaml or yml extensions are supported");
  }

  /**
   * Reads at most {@link #MAX_FILE_BYTES} of a regular file. Anything else is refused before it is
   * opened: a FIFO would block until a writer comes, a device such as /dev/zero never ends.
   */
  private static byte[] read(Path file, String name) throws InvalidInputException {
    SourceLocation where = SourceLocation.unknown(name);
    Optional<FileKind> kind;
    try {
      kind = FileKind.of(file);
    } catch (IOException e) {
      throw single(where, "cannot be read: " + FileKind.reason(e));
    }
    if (kind.isEmpty()) {
      throw single(where, "file does not exist");
    }
    if (kind.get() != FileKind.REGULAR) {
      throw single(where, "is " + kind.get().description() + ", not a regular file; an experiment must be a "
          + "regular file (devices, FIFOs and sockets are refused because reading them may never end)");
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
      if (bytes.length > MAX_FILE_BYTES) {
        throw single(where, "is larger than 16 MiB (" + MAX_FILE_BYTES + " bytes); an experiment file must be "
            + "smaller");
      }
      return bytes;
    } catch (NoSuchFileException e) {
      throw single(where, "file does not exist");
    } catch (IOException e) {
      throw single(where, "cannot be read: " + FileKind.reason(e));
    }
  }

  /**
   * Parses raw file content: UTF-8 (an optional byte-order mark is skipped), or UTF-16 when it
   * starts with a UTF-16 byte-order mark, as PyYAML decides. A byte sequence that does not decode
   * is reported at its line and column.
   */
  public Document parse(String file, byte[] bytes, Syntax syntax) throws InvalidInputException {
    return parse(file, decode(file, bytes), syntax);
  }

  static String decode(String file, byte[] bytes) throws InvalidInputException {
    Charset charset = StandardCharsets.UTF_8;
    int skip = 0;
    if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
      skip = 3;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF) {
      charset = StandardCharsets.UTF_16BE;
      skip = 2;
    } else if (bytes.length >= 2 && (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE) {
      charset = StandardCharsets.UTF_16LE;
      skip = 2;
    }
    CharsetDecoder decoder = charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
    CharBuffer out = CharBuffer.allocate(bytes.length - skip + 1);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError() || result.isOverflow()) {
      int bad = in.position();
      int line = 1;
      int column = 1;
      for (int i = 0; i < out.position(); i++) {
        if (out.get(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      String name = charset == StandardCharsets.UTF_8 ? "UTF-8" : "UTF-16";
      String what = bad < bytes.length ? String.format(Locale.ROOT, "the byte 0x%02X (offset %d)", bytes[bad] & 0xff, bad)
          : "the end of the file";
      throw single(new SourceLocation(file, line, column), "invalid " + name + ": " + what + " is not valid " + name
          + "; an experiment file must be UTF-8, or UTF-16 with a byte-order mark");
    }
    out.flip();
    return out.toString();
  }

  /** Parses text already in memory (bundled experiments, tests). */
  public Document parse(String file, String text, Syntax syntax) throws InvalidInputException {
    if (syntax == Syntax.YAML) {
      checkFlowDepth(file, text);
    }
    Map<String, SourceLocation> locations = new HashMap<>();
    Reader reader = new Reader(file, locations);
    JsonParser parser;
    try {
      parser = (syntax == Syntax.JSON ? JSON : YAML).createParser(text);
    } catch (IOException e) {
      throw single(new SourceLocation(file, 1, 1), "cannot be read: " + FileKind.reason(e));
    }
    try (parser) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw single(new SourceLocation(file, 1, 1),
            "the file is empty; expected an experiment object with title, description and method");
      }
      locations.put("", location(file, parser.currentTokenLocation()));
      Object root = reader.readValue(parser, "", 0);
      if (parser.nextToken() != null) {
        throw single(location(file, parser.currentTokenLocation()), syntax == Syntax.JSON
            ? "invalid JSON: more content after the experiment object; a file holds one JSON value"
            : "invalid YAML: a second document starts here; an experiment file holds a single document");
      }
      return new Document(file, root, Map.copyOf(locations), reader.problems);
    } catch (JsonProcessingException e) {
      // Limits (number length, nesting) are thrown without a location: where the parser stopped.
      JsonLocation l = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation()
          : parser.currentLocation();
      String what = syntax == Syntax.JSON ? "invalid JSON: " : "invalid YAML: ";
      throw single(location(file, l), what + ParserMessages.human(e.getOriginalMessage()));
    } catch (IOException e) {
      throw single(location(file, parser.currentLocation()), "cannot be read: " + FileKind.reason(e));
    }
  }

  /**
   * Refuses YAML flow collections ({@code [[[…} or {@code {a: {a: …}) nested deeper than
   * {@link #MAX_DEPTH} before the YAML scanner sees them: it looks up to 1,024 characters ahead
   * for a possible key at every open bracket, which costs tens of milliseconds per such document
   * even though the reader would stop at the limit. Quoted scalars and comments are skipped;
   * brackets inside plain text count, which only matters past 100 unmatched ones.
   */
  private static void checkFlowDepth(String file, String text) throws InvalidInputException {
    int depth = 0;
    int line = 1;
    int column = 0;
    char quote = 0;
    char previous = '\n';
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      column++;
      if (c == '\n') {
        line++;
        column = 0;
      }
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          i++;
          column++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
        int end = text.indexOf('\n', i);
        if (end < 0) {
          return;
        }
        column += end - i - 1;
        i = end - 1;
      } else if ((c == '"' || c == '\'') && "[{,: \t\n-?".indexOf(previous) >= 0) {
        quote = c;
      } else if (c == '[' || c == '{') {
        if (++depth > MAX_DEPTH) {
          throw single(new SourceLocation(file, line, column), "values are nested more than " + MAX_DEPTH
              + " levels deep here; an experiment needs far fewer");
        }
      } else if ((c == ']' || c == '}') && depth > 0) {
        depth--;
      }
      if (c != ' ' && c != '\t' || previous == '\n') {
        previous = c;
      }
    }
  }

  /** One parse: the locations and loader problems it collects, the YAML anchors it has seen. */
  private static final class Reader {
    private final String file;
    private final Map<String, SourceLocation> locations;
    private final List<Problem> problems = new ArrayList<>();
    private final Map<String, Object> anchors = new HashMap<>();
    private int aliasValues;

    Reader(String file, Map<String, SourceLocation> locations) {
      this.file = file;
      this.locations = locations;
    }

    Object readValue(JsonParser p, String path, int depth) throws IOException, InvalidInputException {
      JsonToken t = p.currentToken();
      YAMLParser yaml = p instanceof YAMLParser y ? y : null;
      SourceLocation here = location(file, p.currentTokenLocation());
      if (yaml != null && yaml.isCurrentAlias()) {
        return alias(yaml.getText(), path, here);
      }
      String anchor = yaml == null ? null : yaml.getObjectId();
      String tag = yaml == null ? null : yaml.getTypeId();
      Object value = switch (t) {
        case START_OBJECT, START_ARRAY -> {
          if (depth >= MAX_DEPTH) {
            throw single(here, "values are nested more than " + MAX_DEPTH + " levels deep here; an experiment "
                + "needs far fewer");
          }
          yield t == JsonToken.START_OBJECT ? readObject(p, path, depth) : readArray(p, path, depth);
        }
        default -> scalar(p, t, here, tag);
      };
      if (tag != null) {
        value = checkTag(tag, t, value, p, here);
      }
      if (anchor != null) {
        anchors.put(anchor, value);
      }
      return value;
    }

    private Map<String, Object> readObject(JsonParser p, String path, int depth)
        throws IOException, InvalidInputException {
      Map<String, Object> map = new LinkedHashMap<>();
      List<Object> merges = new ArrayList<>();
      SourceLocation mergeAt = null;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        SourceLocation keyAt = location(file, p.currentTokenLocation());
        if (key.length() > MAX_KEY_CHARS) {
          throw single(keyAt, "a key of " + key.length() + " characters is longer than the " + MAX_KEY_CHARS
              + " allowed");
        }
        String childPath = path.isEmpty() ? key : path + "." + key;
        p.nextToken();
        if (p instanceof YAMLParser && "<<".equals(key)) {
          // PyYAML's merge key: the mappings named here give the keys this mapping does not set.
          Object merged = readValue(p, childPath, depth + 1);
          if (merged instanceof Map<?, ?>) {
            merges.add(0, merged);
          } else if (merged instanceof List<?> l && l.stream().allMatch(Map.class::isInstance)) {
            // In a list the first mapping wins: apply the last first.
            l.forEach(m -> merges.add(0, m));
          } else {
            problems.add(error(keyAt, "a merge key (<<) takes a mapping or a list of mappings, such as "
                + "<<: *defaults; found " + describe(merged)));
          }
          mergeAt = keyAt;
          continue;
        }
        locations.put(childPath, keyAt);
        map.put(key, readValue(p, childPath, depth + 1));
      }
      if (merges.isEmpty()) {
        return map;
      }
      Map<String, Object> result = new LinkedHashMap<>();
      for (Object m : merges) {
        ((Map<?, ?>) m).forEach((k, v) -> result.put(String.valueOf(k), v));
      }
      for (String k : result.keySet()) {
        locations.putIfAbsent(path.isEmpty() ? k : path + "." + k, mergeAt);
      }
      result.putAll(map);
      return result;
    }

    private List<Object> readArray(JsonParser p, String path, int depth) throws IOException, InvalidInputException {
      List<Object> list = new ArrayList<>();
      int i = 0;
      while (p.nextToken() != JsonToken.END_ARRAY) {
        String childPath = path + "[" + i++ + "]";
        locations.put(childPath, location(file, p.currentTokenLocation()));
        list.add(readValue(p, childPath, depth + 1));
      }
      return list;
    }

    private Object scalar(JsonParser p, JsonToken t, SourceLocation here, String tag)
        throws IOException, InvalidInputException {
      switch (t) {
        case VALUE_STRING:
          return p.getText();
        case VALUE_NUMBER_INT:
          if (p.getText().length() > MAX_NUMBER_DIGITS) {
            throw single(here, "a number of " + p.getText().length() + " digits is longer than the "
                + MAX_NUMBER_DIGITS + " allowed");
          }
          return switch (p.getNumberType()) {
            case INT -> p.getIntValue();
            case LONG -> p.getLongValue();
            default -> p.getBigIntegerValue();
          };
        case VALUE_NUMBER_FLOAT: {
          String text = p.getText();
          double d;
          try {
            d = p.getDoubleValue();
          } catch (JsonProcessingException e) {
            d = Double.NaN; // YAML's .inf and .nan, which PyYAML reads as floats
          }
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            problems.add(error(here, "the number " + ParserMessages.shorten(text) + " is not a finite number "
                + "(numbers must lie within ±1.7976931348623157e308, and .inf or .nan are not accepted)"));
          }
          return d;
        }
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return null;
        case VALUE_EMBEDDED_OBJECT:
          return tag != null ? null : String.valueOf(p.getEmbeddedObject()); // tagged values are judged by checkTag
        default:
          throw single(here, "unexpected " + t.asString());
      }
    }

    /** Explicit YAML tags: the standard ones PyYAML's safe_load knows; anything else is refused as it refuses it. */
    private Object checkTag(String tag, JsonToken t, Object value, JsonParser p, SourceLocation here)
        throws IOException {
      String shortTag = tag.startsWith(YAML_TAG) ? "!!" + tag.substring(YAML_TAG.length()) : "!" + tag;
      switch (shortTag) {
        case "!!str":
          return t.isScalarValue() ? p.getText() : mismatch(shortTag, value, here, "a string");
        case "!!int":
          return value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger
              ? value : mismatch(shortTag, value, here, "an integer");
        case "!!float":
          return value instanceof Number n ? (Object) n.doubleValue() : mismatch(shortTag, value, here, "a number");
        case "!!bool":
          return value instanceof Boolean ? value : mismatch(shortTag, value, here, "true or false");
        case "!!null":
          return value == null ? null : mismatch(shortTag, value, here, "null");
        case "!!map":
          return value instanceof Map ? value : mismatch(shortTag, value, here, "a mapping");
        case "!!seq":
          return value instanceof List ? value : mismatch(shortTag, value, here, "a sequence");
        case "!!timestamp":
          return value;
        case "!":
          return value;
        default:
          problems.add(error(here, "the YAML tag " + ParserMessages.shorten(shortTag) + " is not supported; "
              + "Chaos Toolkit loads YAML with PyYAML's safe_load, which only knows the standard tags "
              + "(!!str, !!int, !!float, !!bool, !!null, !!map, !!seq)"));
          return value; // as written, so that the rest of the file is checked without follow-on errors
      }
    }

    private Object mismatch(String tag, Object value, SourceLocation here, String expected) {
      problems.add(error(here, "a value tagged " + tag + " must be " + expected + "; found " + describe(value)));
      return null;
    }

    private Object alias(String name, String path, SourceLocation here) throws InvalidInputException {
      if (!anchors.containsKey(name)) {
        problems.add(error(here, "the alias *" + ParserMessages.shorten(name) + " names no anchor; define &"
            + ParserMessages.shorten(name) + " on a value before this point"));
        return null;
      }
      Object value = anchors.get(name);
      // A copy, so that a later change to one place never shows in another; bounded so that
      // aliases of aliases (a "billion laughs") cannot fill the memory.
      return copy(value, here);
    }

    private Object copy(Object value, SourceLocation here) throws InvalidInputException {
      if (++aliasValues > MAX_ALIAS_VALUES) {
        throw single(here, "aliases here expand the document beyond " + MAX_ALIAS_VALUES + " copied values; "
            + "Faultline refuses such documents (they are usually built to exhaust memory)");
      }
      if (value instanceof Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
          out.put(String.valueOf(e.getKey()), copy(e.getValue(), here));
        }
        return out;
      }
      if (value instanceof List<?> l) {
        List<Object> out = new ArrayList<>(l.size());
        for (Object o : l) {
          out.add(copy(o, here));
        }
        return out;
      }
      return value;
    }
  }

  private static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Map) {
      return "a mapping";
    }
    if (v instanceof List) {
      return "a sequence";
    }
    if (v instanceof String s) {
      return "the string '" + ParserMessages.shorten(s) + "'";
    }
    return "the value " + ParserMessages.shorten(String.valueOf(v));
  }

  private static SourceLocation location(String file, JsonLocation l) {
    return new SourceLocation(file, Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  private static Problem error(SourceLocation where, String message) {
    return new Problem(Problem.Severity.ERROR, where, "", message);
  }

  private static InvalidInputException single(SourceLocation where, String message) {
    return new InvalidInputException(List.of(error(where, message)));
  }
}
