package dev.faultline.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that takes a lease at the proxy and renews it until it is killed with SIGKILL
 * ({@link LeaseHolderMain}, {@link DisableHolderMain}): the dead applier of the lease tests.
 */
final class HolderProcess implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private HolderProcess(Process process) {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        // Bounded: a child that never reports is killed, and a read of its output then ends.
        process.onExit().orTimeout(120, TimeUnit.SECONDS).exceptionally(timeout -> {
            process.destroyForcibly();
            return process;
        });
    }

    /** Starts {@code main} with the test class path and {@code args}. */
    static HolderProcess start(Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new HolderProcess(new ProcessBuilder(command).redirectErrorStream(true).start());
    }

    /** Asserts the holder's next output line, e.g. that it holds its lease now. */
    void expectLine(String line) throws IOException {
        assertThat(out.readLine()).isEqualTo(line);
    }

    /** Kills the holder with SIGKILL (no shutdown hook, no goodbye) and returns when, in nanoTime. */
    long sigkill() throws InterruptedException {
        long killed = System.nanoTime();
        process.destroyForcibly();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
        return killed;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
