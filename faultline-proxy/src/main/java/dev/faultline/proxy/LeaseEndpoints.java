package dev.faultline.proxy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Faultline extension: {@code POST /proxies/{p}/lease}, {@code POST /proxies/{p}/toxics/{t}/lease},
 * {@code POST /proxies/{p}/disable/lease} (renew, optionally with a new {@code lease_ms}) and
 * {@code GET /faultline/leases}.
 */
final class LeaseEndpoints {

    private final ProxyRegistry registry;
    private final Clock clock;

    LeaseEndpoints(ProxyRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /** Renews the lease of a proxy ({@code toxic == null}) or of one of its toxics. */
    ApiResponse renew(String proxy, String toxic, ApiRequest request) throws ApiException {
        OptionalLong newLeaseMs = newLeaseMs(request);
        Lease renewed = registry.renew(proxy, toxic, newLeaseMs);
        return ApiResponse.json(200, JsonViews.lease(renewed, System.nanoTime(), clock.instant()).toString());
    }

    /** Renews the disable lease of a proxy (the one that enables it again when it passes). */
    ApiResponse renewDisable(String proxy, ApiRequest request) throws ApiException {
        OptionalLong newLeaseMs = newLeaseMs(request);
        Lease renewed = registry.renewDisable(proxy, newLeaseMs);
        return ApiResponse.json(200, JsonViews.lease(renewed, System.nanoTime(), clock.instant()).toString());
    }

    /** The optional {@code lease_ms} of a renew body (empty body: keep the length). */
    private static OptionalLong newLeaseMs(ApiRequest request) throws ApiException {
        OptionalLong newLeaseMs = OptionalLong.empty();
        if (!request.body().isBlank()) {
            JsonNode body = JsonBodies.object(JsonBodies.parse(request.body()), "faultline.LeaseRenewal");
            Optional<Long> leaseMs = JsonBodies.int64(body, "lease_ms", "LeaseRenewal.lease_ms");
            if (leaseMs.isPresent()) {
                newLeaseMs = OptionalLong.of(LeaseTerms.checkLeaseMs("lease_ms", leaseMs.get()));
            }
        }
        return newLeaseMs;
    }

    ApiResponse index() {
        long nowNanos = System.nanoTime();
        ArrayNode all = JsonBodies.MAPPER.createArrayNode();
        registry.leases().forEach(lease -> all.add(JsonViews.lease(lease, nowNanos, clock.instant())));
        return ApiResponse.json(200, all.toString());
    }
}
