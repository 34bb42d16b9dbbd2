package dev.faultline.proxy.toxic;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The integer attributes of one toxic, in the type's declared order, every attribute present
 * (zero when not given), as Toxiproxy echoes them.
 */
public record ToxicAttributes(Map<String, Long> values) {

    public ToxicAttributes {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** Zero for every attribute of {@code type}. */
    public static ToxicAttributes zeros(ToxicType type) {
        Map<String, Long> zeros = new LinkedHashMap<>();
        type.attributeNames().forEach(name -> zeros.put(name, 0L));
        return new ToxicAttributes(zeros);
    }

    /** The value of {@code name}; 0 when the type has no such attribute. */
    public long get(String name) {
        return values.getOrDefault(name, 0L);
    }

    /** A copy with {@code changes} merged in (keys unknown to the type are ignored by callers). */
    public ToxicAttributes with(Map<String, Long> changes) {
        Map<String, Long> merged = new LinkedHashMap<>(values);
        changes.forEach((key, value) -> {
            if (merged.containsKey(key)) {
                merged.put(key, value);
            }
        });
        return new ToxicAttributes(merged);
    }
}
