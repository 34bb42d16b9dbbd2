package dev.faultline.proxy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Toxiproxy's routes and middlewares: request id header, browser block (403 for
 * {@code Mozilla/} user agents), 404 text for unknown paths, empty 405 for wrong methods; plus the
 * Faultline extensions: optional API token, {@code GET /metrics}, and leases
 * ({@code POST .../lease}, {@code POST /proxies/{p}/disable/lease}, {@code GET /faultline/leases}).
 */
final class ApiRoutes {

    /** The Toxiproxy version whose API this server reproduces. */
    static final String TOXIPROXY_VERSION = "2.12.0";

    private final ProxyRegistry registry;
    private final ProxyEndpoints proxies;
    private final ToxicEndpoints toxics;
    private final LeaseEndpoints leases;
    private final Optional<String> apiToken;
    private final AtomicLong requestIds = new AtomicLong(System.currentTimeMillis() << 16);

    ApiRoutes(ProxyRegistry registry, AuditLog audit, Optional<String> apiToken) {
        this.registry = registry;
        this.proxies = new ProxyEndpoints(registry, audit);
        this.toxics = new ToxicEndpoints(registry, audit);
        this.leases = new LeaseEndpoints(registry, Clock.systemUTC());
        this.apiToken = apiToken;
    }

    ApiResponse handle(ApiRequest request) {
        ApiResponse response;
        try {
            response = route(request);
        } catch (RuntimeException e) {
            // A bug, not a user error: answer it rather than drop the connection.
            response = ApiResponse.error(new ApiException(500, "internal error: " + e));
        }
        Map<String, String> headers = new HashMap<>(response.headers());
        headers.put("X-Toxiproxy-Request-Id", Long.toString(requestIds.incrementAndGet(), 32));
        return new ApiResponse(response.status(), response.contentType(), response.body(), headers);
    }

    private ApiResponse route(ApiRequest request) {
        String[] segments;
        try {
            segments = segments(request.path());
        } catch (ApiException e) {
            return ApiResponse.error(e);
        }
        if (segments == null) {
            return ApiResponse.text(404, "404 page not found\n");
        }
        if (!authorized(request)) {
            return ApiResponse.error(new ApiException(401,
                    "missing or invalid API token: send it as X-Faultline-Token or Authorization: Bearer"));
        }
        String agent = request.header().apply("User-Agent");
        if (agent != null && agent.startsWith("Mozilla/")) {
            return ApiResponse.text(403, "User agent not allowed\n");
        }
        try {
            return dispatch(request, segments);
        } catch (ApiException e) {
            return ApiResponse.error(e);
        } catch (RuntimeException e) {
            return ApiResponse.error(new ApiException(500, String.valueOf(e.getMessage())));
        }
    }

    private ApiResponse dispatch(ApiRequest request, String[] s) throws ApiException {
        String method = request.method();
        switch (s[0]) {
            case "proxies":
                if (s.length == 1) {
                    return switch (method) {
                        case "GET" -> proxies.index();
                        case "POST" -> proxies.create(request);
                        default -> notAllowed();
                    };
                }
                if (s.length == 2) {
                    return switch (method) {
                        case "GET" -> proxies.show(s[1]);
                        case "POST", "PATCH" -> proxies.update(s[1], request);
                        case "DELETE" -> proxies.delete(s[1], request);
                        default -> notAllowed();
                    };
                }
                if (s.length == 3 && s[2].equals("lease")) {
                    return method.equals("POST") ? leases.renew(s[1], null, request) : notAllowed();
                }
                if (s.length == 5) {
                    return method.equals("POST") ? leases.renew(s[1], s[3], request) : notAllowed();
                }
                if (s.length == 4 && s[2].equals("disable")) {
                    return method.equals("POST") ? leases.renewDisable(s[1], request) : notAllowed();
                }
                if (s.length == 3) {
                    return switch (method) {
                        case "GET" -> toxics.index(s[1]);
                        case "POST" -> toxics.create(s[1], request);
                        default -> notAllowed();
                    };
                }
                return switch (method) {
                    case "GET" -> toxics.show(s[1], s[3]);
                    case "POST", "PATCH" -> toxics.update(s[1], s[3], request);
                    case "DELETE" -> toxics.delete(s[1], s[3], request);
                    default -> notAllowed();
                };
            case "faultline":
                return method.equals("GET") ? leases.index() : notAllowed();
            case "populate":
                return method.equals("POST") ? proxies.populate(request) : notAllowed();
            case "reset":
                return method.equals("POST") ? proxies.reset(request) : notAllowed();
            case "version":
                return method.equals("GET") ? version() : notAllowed();
            case "metrics":
                if (!method.equals("GET")) {
                    return notAllowed();
                }
                return new ApiResponse(200, MetricsText.CONTENT_TYPE,
                        MetricsText.render(registry.all(), registry.leaseStats()).getBytes(StandardCharsets.UTF_8), Map.of());
            default:
                throw new IllegalStateException("unrouted path " + request.path());
        }
    }

    private static final Set<String> SINGLE_SEGMENT_ROUTES = Set.of("proxies", "populate", "reset", "version", "metrics");

    /** Splits and decodes a path into route segments, or null when no route matches it. */
    private static String[] segments(String path) throws ApiException {
        if (!path.startsWith("/")) {
            return null;
        }
        String[] raw = path.substring(1).split("/", -1);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i].isEmpty()) {
                return null;
            }
            try {
                raw[i] = URLDecoder.decode(raw[i].replace("+", "%2B"), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, "invalid percent-escape in path " + shorten(path)
                        + ": each % must be followed by two hex digits (write %25 for a literal %)");
            }
        }
        boolean matches = raw.length == 1 ? SINGLE_SEGMENT_ROUTES.contains(raw[0])
                : raw[0].equals("proxies") && (raw.length == 2
                        || (raw.length <= 4 && raw[2].equals("toxics"))
                        || (raw.length == 3 && raw[2].equals("lease"))
                        || (raw.length == 4 && raw[2].equals("disable") && raw[3].equals("lease"))
                        || (raw.length == 5 && raw[2].equals("toxics") && raw[4].equals("lease")))
                || (raw.length == 2 && raw[0].equals("faultline") && raw[1].equals("leases"));
        return matches ? raw : null;
    }

    private static String shorten(String text) {
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static ApiResponse notAllowed() {
        return ApiResponse.empty(405);
    }

    private static ApiResponse version() {
        String body = "{\"version\": \"" + TOXIPROXY_VERSION + "\"}\n";
        return new ApiResponse(200, "application/json;charset=utf-8", body.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    private boolean authorized(ApiRequest request) {
        if (apiToken.isEmpty()) {
            return true;
        }
        String presented = request.header().apply("X-Faultline-Token");
        String authorization = request.header().apply("Authorization");
        if (presented == null && authorization != null && authorization.startsWith("Bearer ")) {
            presented = authorization.substring("Bearer ".length()).trim();
        }
        return presented != null && MessageDigest.isEqual(
                presented.getBytes(StandardCharsets.UTF_8), apiToken.get().getBytes(StandardCharsets.UTF_8));
    }
}
