package dev.faultline.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code faultline halt --server URL --reason TEXT}: halts a Faultline server: every run there is
 * aborted (its faults reverted) and new runs are refused until an admin resumes. Exit 0 when every
 * run stopped, 1 when some were still stopping after the server's wait or the server refused.
 */
final class RemoteHalt {
  private RemoteHalt() {}

  static int halt(ServerClient client, String reason, PrintWriter out, PrintWriter err) {
    Map<String, Object> state;
    try {
      state = client.post("/api/v1/halt", ServerClient.body("reason", reason));
    } catch (ServerClient.Failure f) {
      err.println("faultline halt: " + f.getMessage());
      return 1;
    }
    List<?> aborted = state.get("aborted_runs") instanceof List<?> l ? l : List.of();
    List<?> stopping = state.get("still_stopping") instanceof List<?> l ? l : List.of();
    out.println((Boolean.TRUE.equals(state.get("changed")) ? "halted " : "already halted: ") + client.base()
        + " by " + state.get("by") + " since " + state.get("since") + ": " + state.get("reason"));
    out.println(aborted.isEmpty() ? "no runs were executing" : "aborted " + aborted.size() + " run(s): " + aborted);
    out.println("new runs are refused until an admin runs 'faultline resume --server " + client.base() + "'");
    if (!stopping.isEmpty()) {
      err.println("faultline halt: still stopping after the server's wait: " + stopping
          + "; see 'faultline runs --server " + client.base() + " --status running'");
      return 1;
    }
    return 0;
  }
}
