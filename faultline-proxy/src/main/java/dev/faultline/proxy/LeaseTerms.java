package dev.faultline.proxy;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The expiry a client asked for when creating a proxy or a toxic (Faultline extension, sent as
 * request headers so stock Toxiproxy bodies stay unchanged).
 *
 * @param leaseMs     removed when this many ms pass without a renewal ({@code Faultline-Lease-Ms})
 * @param expiresInMs removed this many ms after creation whatever the renewals ({@code Faultline-Expires-In-Ms})
 */
record LeaseTerms(OptionalLong leaseMs, OptionalLong expiresInMs) {

    static final String LEASE_HEADER = "Faultline-Lease-Ms";
    static final String EXPIRES_HEADER = "Faultline-Expires-In-Ms";
    /** Shorter leases would need renewals faster than a loaded client can promise. */
    static final long MIN_LEASE_MS = 2_000;
    static final long MAX_LEASE_MS = 86_400_000;
    static final long MIN_EXPIRES_IN_MS = 1;
    static final long MAX_EXPIRES_IN_MS = 31_536_000_000L;

    static final LeaseTerms NONE = new LeaseTerms(OptionalLong.empty(), OptionalLong.empty());

    boolean isEmpty() {
        return leaseMs.isEmpty() && expiresInMs.isEmpty();
    }

    /** Reads both headers; absent headers mean no expiry of that kind. */
    static LeaseTerms fromHeaders(Function<String, String> header) throws ApiException {
        return new LeaseTerms(
                parse(LEASE_HEADER + " header", header.apply(LEASE_HEADER), MIN_LEASE_MS, MAX_LEASE_MS),
                parse(EXPIRES_HEADER + " header", header.apply(EXPIRES_HEADER), MIN_EXPIRES_IN_MS, MAX_EXPIRES_IN_MS));
    }

    /** Checks a lease length given in a renew body. */
    static long checkLeaseMs(String what, long value) throws ApiException {
        if (value < MIN_LEASE_MS || value > MAX_LEASE_MS) {
            throw invalid(what, Long.toString(value), MIN_LEASE_MS, MAX_LEASE_MS);
        }
        return value;
    }

    private static OptionalLong parse(String what, String raw, long min, long max) throws ApiException {
        if (raw == null) {
            return OptionalLong.empty();
        }
        String text = raw.trim();
        long value;
        try {
            // Digits only: "+5", "1e3", "0x10" and "5.0" are refused rather than guessed at.
            if (!text.matches("-?[0-9]{1,19}")) {
                throw new NumberFormatException();
            }
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(what, raw, min, max);
        }
        if (value < min || value > max) {
            throw invalid(what, raw, min, max);
        }
        return OptionalLong.of(value);
    }

    private static ApiException invalid(String what, String given, long min, long max) {
        String shown = given.length() > 64 ? given.substring(0, 64) + "..." : given;
        return new ApiException(400, "invalid " + what + ": \"" + shown + "\" (expected an integer number of"
                + " milliseconds from " + min + " to " + max + ")");
    }
}
