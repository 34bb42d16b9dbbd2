package dev.faultline.server.api;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.faultline.server.Json;
import dev.faultline.server.db.RunStore.RunRecord;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The body of {@code GET /api/v1/runs}: {@code {"runs":[…]}}, each run as {@link RunRoutes#writeRun}
 * writes it. A run's JSON is kept with the whole row it was written from (every field of the
 * {@link RunRecord}) and served again only for an equal row: the database is still read on every
 * request, and a row that changed in any field is written again, so what is served is always what
 * the row says now. Ended runs, most
 * of any page, never change; writing 50 of them again on every poll was a quarter of the server's
 * CPU for this route.
 */
final class RunPage {
  /** Rows kept at most (about 1 KB each with their key); then the memo starts over. */
  static final int MAX_ROWS = 2048;
  private static final byte[] START = "{\"runs\":[".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] END = "]}".getBytes(StandardCharsets.US_ASCII);
  /** By run id, with the row it was written from: looked up by the id, then the whole row compared. */
  private final ConcurrentHashMap<String, Written> written = new ConcurrentHashMap<>();

  private record Written(RunRecord row, byte[] json) {}

  /** Writes the page to {@code out} in one write. */
  void write(List<RunRecord> runs, OutputStream out) throws IOException {
    byte[][] rows = new byte[runs.size()][];
    int length = START.length + END.length + Math.max(0, runs.size() - 1);
    for (int i = 0; i < rows.length; i++) {
      rows[i] = json(runs.get(i));
      length += rows[i].length;
    }
    byte[] body = Arrays.copyOf(START, length);
    int at = START.length;
    for (int i = 0; i < rows.length; i++) {
      if (i > 0) {
        body[at++] = ',';
      }
      System.arraycopy(rows[i], 0, body, at, rows[i].length);
      at += rows[i].length;
    }
    System.arraycopy(END, 0, body, at, END.length);
    out.write(body);
  }

  /** One run's JSON object, UTF-8. */
  byte[] json(RunRecord r) {
    // Keyed by the id (one short string to hash), then the record's equals over every field: hashing
    // all sixteen fields of freshly read rows cost more than the lookup saved.
    Written w = written.get(r.id());
    if (w != null && w.row().equals(r)) {
      return w.json();
    }
    ByteArrayOutputStream buf = new ByteArrayOutputStream(640);
    try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(buf)) {
      RunRoutes.writeRun(g, r, new char[Times.ISO_MAX_CHARS]);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to memory failed", e);
    }
    byte[] b = buf.toByteArray();
    if (written.size() >= MAX_ROWS) {
      written.clear(); // paging through many runs must not grow the heap; the next pages refill it
    }
    written.put(r.id(), new Written(r, b));
    return b;
  }
}
