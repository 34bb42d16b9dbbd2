package dev.faultline.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads a journal file and checks that it has the shape of a run journal. */
final class JournalReader {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JournalReader() {}

  static JsonNode read(Path file) throws IOException {
    String origin = file.toString();
    if (Files.isDirectory(file)) {
      throw notAJournal(origin, "it is a directory");
    }
    String json;
    try {
      json = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw notAJournal(origin, "the file does not exist");
    } catch (AccessDeniedException e) {
      throw notAJournal(origin, "permission to read it was denied");
    } catch (java.nio.charset.MalformedInputException e) {
      throw notAJournal(origin, "it is not UTF-8 text");
    } catch (IOException e) {
      throw notAJournal(origin, "it cannot be read (" + e + ")");
    }
    return parse(json, origin);
  }

  static JsonNode parse(String json, String origin) throws IOException {
    if (json.isBlank()) {
      throw notAJournal(origin, "the file is empty");
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var where = e.getLocation();
      String position = where == null ? ""
          : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
      throw notAJournal(origin, "it is not valid JSON" + position + " (" + e.getOriginalMessage() + ")");
    }
    String why = whyNotAJournal(root);
    if (why != null) {
      throw notAJournal(origin, why);
    }
    return root;
  }

  private static String whyNotAJournal(JsonNode root) {
    if (root == null || !root.isObject()) {
      String kind = root == null ? "nothing" : root.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
      return "its top level is " + kind + ", not an object";
    }
    if (!root.has("status") && root.has("method")) {
      return "it looks like an experiment file (it has \"method\" at the top level), not a journal";
    }
    if (!root.path("status").isTextual()) {
      return "it has no \"status\" text field";
    }
    if (!root.path("experiment").isObject()) {
      return "it has no \"experiment\" object";
    }
    if (root.has("run") && !root.get("run").isArray()) {
      return "its \"run\" field is not an array";
    }
    return null;
  }

  private static IOException notAJournal(String origin, String why) {
    return new IOException(origin + " is not a run journal: " + why
        + "; expected the journal.json written by 'faultline run'");
  }
}
