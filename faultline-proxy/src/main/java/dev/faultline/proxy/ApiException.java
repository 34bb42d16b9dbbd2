package dev.faultline.proxy;

/** An API failure with the HTTP status and the exact message Toxiproxy would return. */
final class ApiException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;

    ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }

    static ApiException proxyNotFound() {
        return new ApiException(404, "proxy not found");
    }

    static ApiException toxicNotFound() {
        return new ApiException(404, "toxic not found");
    }

    static ApiException proxyExists() {
        return new ApiException(409, "proxy already exists");
    }

    static ApiException toxicExists() {
        return new ApiException(409, "toxic already exists");
    }

    static ApiException badRequestBody(String detail) {
        return new ApiException(400, "bad request body: " + detail);
    }

    static ApiException missingField(String field) {
        return new ApiException(400, "missing required field: " + field);
    }
}
