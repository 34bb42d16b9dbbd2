package dev.faultline.demo;

/**
 * The storefront's order metrics at one instant.
 *
 * @param ordersPerSecond orders created per second over the recent window (see {@link
 *     OrderMetrics})
 * @param ordersTotal orders created since the storefront started
 * @param errorsTotal order attempts that reached the store but created no order (the store was
 *     unreachable, slow, out of stock or answered something unexpected)
 * @param p50Ms median latency of the order attempts in the recent window, or NaN if there were
 *     none
 * @param p99Ms 99th percentile latency of the order attempts in the recent window, or NaN if
 *     there were none
 * @param latencySumSeconds summed latency of all order attempts since start
 * @param latencyCount number of order attempts since start ({@code ordersTotal + errorsTotal})
 */
record MetricsSnapshot(
    double ordersPerSecond,
    long ordersTotal,
    long errorsTotal,
    double p50Ms,
    double p99Ms,
    double latencySumSeconds,
    long latencyCount) {}
