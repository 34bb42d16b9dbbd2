package dev.faultline.proxy.toxic;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The toxic types Toxiproxy v2.12.0 registers, their attributes, and how to start one on a link. */
public enum ToxicType {
    LATENCY("latency", "LatencyToxic", List.of("latency", "jitter")),
    BANDWIDTH("bandwidth", "BandwidthToxic", List.of("rate")),
    SLOW_CLOSE("slow_close", "SlowCloseToxic", List.of("delay")),
    TIMEOUT("timeout", "TimeoutToxic", List.of("timeout")),
    RESET_PEER("reset_peer", "ResetToxic", List.of("timeout")),
    SLICER("slicer", "SlicerToxic", List.of("average_size", "size_variation", "delay")),
    LIMIT_DATA("limit_data", "LimitDataToxic", List.of("bytes")),
    NOOP("noop", "NoopToxic", List.of());

    private final String wireName;
    private final String goStructName;
    private final List<String> attributeNames;

    ToxicType(String wireName, String goStructName, List<String> attributeNames) {
        this.wireName = wireName;
        this.goStructName = goStructName;
        this.attributeNames = attributeNames;
    }

    /** The type named {@code wireName} exactly (Toxiproxy type names are case-sensitive). */
    public static Optional<ToxicType> byWireName(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public String wireName() {
        return wireName;
    }

    /** The Go struct name, used to word decode errors the way Toxiproxy does. */
    public String goStructName() {
        return goStructName;
    }

    public List<String> attributeNames() {
        return attributeNames;
    }

    /** A new running instance of this toxic on one link, with these settings. */
    public ToxicStage newStage(ToxicAttributes attributes, LinkContext link) {
        return switch (this) {
            case LATENCY -> new LatencyToxic(attributes.get("latency"), attributes.get("jitter"), link);
            case BANDWIDTH -> new BandwidthToxic(attributes.get("rate"), link);
            case SLOW_CLOSE -> new SlowCloseToxic(attributes.get("delay"), link);
            case TIMEOUT -> new TimeoutToxic(attributes.get("timeout"), link);
            case RESET_PEER -> new ResetPeerToxic(attributes.get("timeout"), link);
            case SLICER -> new SlicerToxic(attributes.get("average_size"),
                    attributes.get("size_variation"), attributes.get("delay"), link);
            case LIMIT_DATA -> new LimitDataToxic(attributes.get("bytes"), link);
            case NOOP -> new PassThroughStage(link);
        };
    }

    /** A stage that lets everything through, for a link whose toxicity draw missed. */
    public static ToxicStage passThrough(LinkContext link) {
        return new PassThroughStage(link);
    }
}
