package dev.faultline.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.fault.Fault;
import dev.faultline.engine.fault.AppliedFaultLog;
import dev.faultline.engine.fault.toxiproxy.ProxyCreateFault;
import dev.faultline.engine.fault.toxiproxy.ToxicFault;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyException;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyProxy;
import dev.faultline.host.state.StateDirectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The proxy faults that local runs applied, as notes under {@code <state dir>/run-faults/} (one
 * JSON file each, written atomically), so {@code faultline attacks} lists them and
 * {@code faultline halt} removes them, whichever process applied them. A run writes the note once
 * the fault is in effect and deletes it once it recovered the fault; a killed run leaves its note,
 * and the fault expires on the proxy within its lease: a note whose toxic or proxy is gone is
 * dropped when it is next read.
 *
 * <p>Only {@code proxy-*} toxics and created proxies are noted; JVM rules are not yet (their
 * fault does not say its pid and rule id).
 */
final class RunFaultNotes implements AppliedFaultLog {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** One note: what a run applied where. {@code toxic} is null for a created proxy. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Note(@JsonProperty("id") String id, @JsonProperty("owner_pid") long ownerPid,
      @JsonProperty("label") String label, @JsonProperty("description") String description,
      @JsonProperty("api_url") String apiUrl, @JsonProperty("proxy") String proxy,
      @JsonProperty("toxic") String toxic, @JsonProperty("lease_ms") long leaseMs,
      @JsonProperty("applied_at_ms") long appliedAtMs) {

    String what() {
      return (toxic == null ? "proxy '" + proxy + "'" : "toxic '" + toxic + "' on proxy '" + proxy + "'") + " at "
          + apiUrl;
    }
  }

  /** What {@link #halt()} did with one note. */
  record Halted(Note note, Optional<String> error) {}

  private final Path directory;

  RunFaultNotes(Path stateDirectory) {
    this.directory = stateDirectory.resolve("run-faults");
  }

  /** The notes of this host ({@code $FAULTLINE_STATE_DIR}, else the default state directory). */
  static RunFaultNotes forThisHost() {
    return new RunFaultNotes(StateDirectory.resolve());
  }

  @Override
  public Entry applied(String label, Fault fault, Duration lease) {
    Note note;
    String id = UUID.randomUUID().toString();
    long pid = ProcessHandle.current().pid();
    if (fault instanceof ToxicFault t) {
      note = new Note(id, pid, label, t.describe(), t.apiUrl(), t.proxy(), t.toxic().name(), lease.toMillis(),
          System.currentTimeMillis());
    } else if (fault instanceof ProxyCreateFault p) {
      note = new Note(id, pid, label, p.describe(), p.apiUrl(), p.proxy(), null, lease.toMillis(),
          System.currentTimeMillis());
    } else {
      return () -> { };
    }
    write(note);
    return () -> delete(note);
  }

  /** The notes whose fault is still on its proxy (or whose proxy cannot be asked); the others are dropped. */
  List<Note> active() {
    List<Note> active = new ArrayList<>();
    for (Note note : read()) {
      if (stillApplied(note)) {
        active.add(note);
      } else {
        delete(note);
      }
    }
    return active;
  }

  /** Removes every noted fault from its proxy, then its note; a fault already gone counts as removed. */
  List<Halted> halt() {
    List<Halted> halted = new ArrayList<>();
    for (Note note : read()) {
      ToxiproxyClient client = ToxiproxyClient.withEnvironmentToken(note.apiUrl());
      try {
        if (note.toxic() == null) {
          client.deleteProxy(note.proxy());
        } else {
          client.removeToxic(note.proxy(), note.toxic());
        }
        delete(note);
        halted.add(new Halted(note, Optional.empty()));
      } catch (ToxiproxyException e) {
        halted.add(new Halted(note, Optional.of(e.getMessage())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        halted.add(new Halted(note, Optional.of("interrupted")));
        break;
      }
    }
    return halted;
  }

  private static boolean stillApplied(Note note) {
    try {
      Optional<ToxiproxyProxy> proxy = ToxiproxyClient.withEnvironmentToken(note.apiUrl()).findProxy(note.proxy());
      return proxy.isPresent() && (note.toxic() == null
          || proxy.get().toxics().stream().anyMatch(t -> t.name().equals(note.toxic())));
    } catch (ToxiproxyException e) {
      return true; // the proxy does not answer: keep the note, halt will try
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private List<Note> read() {
    List<Note> notes = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return notes;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, "*.json")) {
      for (Path file : files) {
        try {
          notes.add(JSON.readValue(file.toFile(), Note.class));
        } catch (IOException unreadable) {
          // a note cut short by a crash, or not ours: it names nothing we could remove
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory + ": " + e.getMessage(), e);
    }
    notes.sort(java.util.Comparator.comparingLong(Note::appliedAtMs));
    return notes;
  }

  private void write(Note note) {
    try {
      Files.createDirectories(directory);
      Path temp = Files.createTempFile(directory, "." + note.id() + "-", ".tmp");
      try {
        Files.write(temp, JSON.writeValueAsBytes(note));
        Files.move(temp, directory.resolve(note.id() + ".json"), StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(temp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a note of the fault under " + directory + ": " + e.getMessage(), e);
    }
  }

  private void delete(Note note) {
    try {
      Files.deleteIfExists(directory.resolve(note.id() + ".json"));
    } catch (NoSuchFileException gone) {
      // deleted meanwhile by halt or another listing
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the note " + note.id() + ": " + e.getMessage(), e);
    }
  }
}
