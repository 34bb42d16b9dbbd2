package dev.faultline.proxy;

import java.util.List;

/** A {@code /populate} failure, carrying the proxies created before it (Toxiproxy returns them). */
final class PopulateException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient ApiException cause;
    private final transient List<ProxyInstance> createdSoFar;

    PopulateException(ApiException cause, List<ProxyInstance> createdSoFar) {
        super(cause.getMessage());
        this.cause = cause;
        this.createdSoFar = createdSoFar;
    }

    ApiException apiError() {
        return cause;
    }

    /** Null when validation failed before anything was created. */
    List<ProxyInstance> createdSoFar() {
        return createdSoFar;
    }
}
