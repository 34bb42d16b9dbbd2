package dev.faultline.proxy.toxic;

import java.util.Locale;
import java.util.Optional;

/** Which way bytes flow through a toxic: upstream is client to server, downstream the reverse. */
public enum Direction {
    UPSTREAM,
    DOWNSTREAM;

    /** Parses a stream name case-insensitively, as Toxiproxy does ({@code "UpStream"} is upstream). */
    public static Optional<Direction> parse(String stream) {
        return switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream" -> Optional.of(UPSTREAM);
            case "downstream" -> Optional.of(DOWNSTREAM);
            default -> Optional.empty();
        };
    }

    /** The lower-case wire name. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
