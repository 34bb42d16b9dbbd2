package dev.faultline.core.fault;

/**
 * Documentation of one fault parameter, used by {@code validate}, help texts and docs.
 *
 * @param name the key in experiment files, with its unit in the name ({@code latencyMs})
 * @param type a short type word: string, integer, number, boolean, duration, path
 * @param required whether it must be given
 * @param description what it does, with bounds
 */
public record FaultParameter(String name, String type, boolean required, String description) {}
