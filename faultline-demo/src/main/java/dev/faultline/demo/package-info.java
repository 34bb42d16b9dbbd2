/**
 * A small system to break on purpose: the target of {@code ./faultline demo}.
 *
 * <p>Everything runs in-process on 127.0.0.1 with ephemeral ports and daemon threads:
 *
 * <ul>
 *   <li>{@link dev.faultline.demo.InventoryStore}: a TCP key/value "backing store" speaking a
 *       line protocol ({@code GET key}, {@code DECR key}, {@code SET key value}). It is a
 *       separate network hop on purpose, so that a Toxiproxy-compatible proxy can be put between
 *       it and the storefront to inject latency or cut the connection.
 *   <li>{@link dev.faultline.demo.Storefront}: an HTTP service taking orders ({@code POST
 *       /orders}) by decrementing stock in the store, with {@code /health} and metrics endpoints
 *       ({@code /metrics/summary}, {@code /metrics/orders-per-second}, Prometheus {@code
 *       /metrics}).
 *   <li>{@link dev.faultline.demo.LoadGenerator}: steady order traffic at a target rate, with a
 *       hard maximum run time.
 *   <li>{@link dev.faultline.demo.DemoSystem}: starts and stops the three together; the CLI's
 *       entry point.
 *   <li>{@link dev.faultline.demo.DemoExperiment}: the bundled Chaos Toolkit-format experiment
 *       ("orders per second stays at or above 15") and its configuration for a running system.
 * </ul>
 *
 * <p>The module depends on the JDK only.
 */
package dev.faultline.demo;
