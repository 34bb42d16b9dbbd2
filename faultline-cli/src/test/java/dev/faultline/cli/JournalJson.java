package dev.faultline.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A journal file written by the CLI, parsed with Jackson (field order kept). */
final class JournalJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JournalJson() {}

  static JsonNode read(Path journal) {
    try {
      return MAPPER.readTree(journal.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the journal " + journal, e);
    }
  }

  static JsonNode parse(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + json, e);
    }
  }

  /** The top-level keys of an object, in file order. */
  static List<String> keys(JsonNode object) {
    List<String> keys = new ArrayList<>();
    object.fieldNames().forEachRemaining(keys::add);
    return keys;
  }
}
