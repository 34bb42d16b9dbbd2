package dev.faultline.cli;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.faultline.core.fault.Fault;
import dev.faultline.engine.fault.AppliedFaultLog;
import dev.faultline.engine.fault.toxiproxy.ProxyCreateFault;
import dev.faultline.engine.fault.toxiproxy.ProxyDisableFault;
import dev.faultline.engine.fault.toxiproxy.ToxicFault;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyClient;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyException;
import dev.faultline.engine.fault.toxiproxy.ToxiproxyProxy;
import dev.faultline.host.state.StateDirectory;
import dev.faultline.jvm.JvmAgentClient;
import dev.faultline.jvm.JvmAgentException;
import dev.faultline.jvm.JvmFault;
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
 * The faults that local runs applied outside their own process (proxy toxics, created and disabled
 * proxies, JVM agent rules), as notes under {@code <state dir>/run-faults/} (one
 * JSON file each, written atomically), so {@code faultline attacks} lists them and
 * {@code faultline halt} removes them, whichever process applied them. A run writes the note once
 * the fault is in effect and deletes it once it recovered the fault; a killed run leaves its note,
 * and the fault expires on the proxy within its lease: a note whose toxic or proxy is gone is
 * dropped when it is next read. JVM rules expire the same way inside their JVM.
 */
final class RunFaultNotes implements AppliedFaultLog {
  private static final ObjectMapper JSON = new ObjectMapper()
      .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  /** What kind of fault a note stands for, and so how it is checked and removed. */
  enum Kind {
    /** A toxic on a proxy: removed with DELETE. */
    @JsonProperty("toxic") TOXIC,
    /** A proxy the run created: deleted. */
    @JsonProperty("proxy") PROXY,
    /** A proxy the run disabled: enabled again. */
    @JsonProperty("disable") DISABLE,
    /** A rule in a JVM's agent: cleared. */
    @JsonProperty("jvm-rule") JVM_RULE
  }

  /**
   * One note: what a run applied where. Proxy faults fill {@code apiUrl} and {@code proxy} (and
   * {@code toxic} for a toxic), JVM rules {@code jvmPid}, {@code ruleId} and {@code jvmStateDir}.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Note(@JsonProperty("id") String id, @JsonProperty("kind") Kind kind,
      @JsonProperty("owner_pid") long ownerPid,
      @JsonProperty("label") String label, @JsonProperty("description") String description,
      @JsonProperty("api_url") String apiUrl, @JsonProperty("proxy") String proxy,
      @JsonProperty("toxic") String toxic, @JsonProperty("jvm_pid") Long jvmPid,
      @JsonProperty("rule_id") Integer ruleId, @JsonProperty("jvm_state_dir") String jvmStateDir,
      @JsonProperty("lease_ms") long leaseMs, @JsonProperty("applied_at_ms") long appliedAtMs) {

    String what() {
      return switch (kind == null ? Kind.TOXIC : kind) {
        case TOXIC -> "toxic '" + toxic + "' on proxy '" + proxy + "' at " + apiUrl;
        case PROXY -> "proxy '" + proxy + "' at " + apiUrl;
        case DISABLE -> "the disable of proxy '" + proxy + "' at " + apiUrl;
        case JVM_RULE -> "rule " + ruleId + " in JVM " + jvmPid;
      };
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
    String id = UUID.randomUUID().toString();
    long pid = ProcessHandle.current().pid();
    long now = System.currentTimeMillis();
    Note note;
    if (fault instanceof ToxicFault t) {
      note = proxyNote(id, Kind.TOXIC, pid, label, t.describe(), t.apiUrl(), t.proxy(), t.toxic().name(), lease, now);
    } else if (fault instanceof ProxyCreateFault p) {
      note = proxyNote(id, Kind.PROXY, pid, label, p.describe(), p.apiUrl(), p.proxy(), null, lease, now);
    } else if (fault instanceof ProxyDisableFault d) {
      note = proxyNote(id, Kind.DISABLE, pid, label, d.describe(), d.apiUrl(), d.proxy(), null, lease, now);
    } else if (fault instanceof JvmFault j && j.appliedRule().isPresent()) {
      JvmFault.AppliedRule rule = j.appliedRule().get();
      note = new Note(id, Kind.JVM_RULE, pid, label, j.describe(), null, null, null, rule.pid(), rule.ruleId(),
          rule.stateDir().toString(), lease.toMillis(), now);
    } else {
      return () -> { };
    }
    write(note);
    return () -> delete(note);
  }

  private static Note proxyNote(String id, Kind kind, long pid, String label, String description, String apiUrl,
      String proxy, String toxic, Duration lease, long now) {
    return new Note(id, kind, pid, label, description, apiUrl, proxy, toxic, null, null, null, lease.toMillis(), now);
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

  /** Removes every noted fault where it lives, then its note; a fault already gone counts as removed. */
  List<Halted> halt() {
    List<Halted> halted = new ArrayList<>();
    for (Note note : read()) {
      try {
        remove(note);
        delete(note);
        halted.add(new Halted(note, Optional.empty()));
      } catch (ToxiproxyException | JvmAgentException e) {
        halted.add(new Halted(note, Optional.of(e.getMessage())));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        halted.add(new Halted(note, Optional.of("interrupted")));
        break;
      }
    }
    return halted;
  }

  private static void remove(Note note) throws ToxiproxyException, JvmAgentException, InterruptedException {
    switch (kindOf(note)) {
      case TOXIC -> ToxiproxyClient.withEnvironmentToken(note.apiUrl()).removeToxic(note.proxy(), note.toxic());
      case PROXY -> ToxiproxyClient.withEnvironmentToken(note.apiUrl()).deleteProxy(note.proxy());
      case DISABLE -> {
        try {
          ToxiproxyClient.withEnvironmentToken(note.apiUrl()).enable(note.proxy());
        } catch (ToxiproxyException e) {
          if (!e.notFound()) {
            throw e; // a deleted proxy has nothing left to enable
          }
        }
      }
      case JVM_RULE -> {
        Optional<JvmAgentClient> agent = jvmAgent(note);
        if (agent.isPresent() && agent.get().rules().stream().anyMatch(r -> r.id() == note.ruleId())) {
          agent.get().clear(note.ruleId());
        }
      }
    }
  }

  private static boolean stillApplied(Note note) {
    try {
      if (kindOf(note) == Kind.JVM_RULE) {
        Optional<JvmAgentClient> agent = jvmAgent(note);
        return agent.isPresent() && agent.get().rules().stream().anyMatch(r -> r.id() == note.ruleId());
      }
      Optional<ToxiproxyProxy> proxy = ToxiproxyClient.withEnvironmentToken(note.apiUrl()).findProxy(note.proxy());
      return switch (kindOf(note)) {
        case TOXIC -> proxy.isPresent() && proxy.get().toxics().stream().anyMatch(t -> t.name().equals(note.toxic()));
        case PROXY -> proxy.isPresent();
        case DISABLE -> proxy.isPresent() && !proxy.get().enabled();
        case JVM_RULE -> throw new IllegalStateException("handled above");
      };
    } catch (ToxiproxyException | JvmAgentException e) {
      return true; // the injector does not answer: keep the note, halt will try
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  /** The agent of a noted rule's JVM, when that JVM still runs one; never attaches a new agent. */
  private static Optional<JvmAgentClient> jvmAgent(Note note) throws JvmAgentException {
    if (!ProcessHandle.of(note.jvmPid()).map(ProcessHandle::isAlive).orElse(false)) {
      return Optional.empty();
    }
    return JvmAgentClient.existing(note.jvmPid(), Path.of(note.jvmStateDir()));
  }

  /** Notes written before kinds existed are toxics or created proxies. */
  private static Kind kindOf(Note note) {
    if (note.kind() != null) {
      return note.kind();
    }
    return note.toxic() == null ? Kind.PROXY : Kind.TOXIC;
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
