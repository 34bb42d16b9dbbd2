package dev.faultline.engine.journal;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/** Writes a journal as Chaos Toolkit does ({@code indent=2}), atomically: readers never see half a file. */
public final class JournalWriter {
  private static final ObjectWriter WRITER = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
      .writer(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));

  private JournalWriter() {}

  public static void write(Map<String, Object> journal, Path file) throws IOException {
    Path absolute = file.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    Path tmp = Files.createTempFile(absolute.getParent(), ".journal", ".tmp");
    try {
      Files.writeString(tmp, toJson(journal) + "\n");
      Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  public static String toJson(Object value) throws IOException {
    return WRITER.writeValueAsString(value);
  }
}
