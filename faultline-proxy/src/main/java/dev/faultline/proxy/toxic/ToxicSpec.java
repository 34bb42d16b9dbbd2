package dev.faultline.proxy.toxic;

/**
 * One toxic as configured on a proxy: shared by every connection, immutable (an update makes a
 * new spec).
 *
 * @param stream   the stream as the client spelled it (Toxiproxy echoes the original spelling)
 * @param toxicity probability in [0, 1] that the toxic applies to a given link
 */
public record ToxicSpec(String name, ToxicType type, String stream, Direction direction,
                        float toxicity, ToxicAttributes attributes) {

    /** A copy with new attributes and toxicity; name, type and stream never change on update. */
    public ToxicSpec updated(ToxicAttributes newAttributes, float newToxicity) {
        return new ToxicSpec(name, type, stream, direction, newToxicity, newAttributes);
    }
}
