package dev.faultline.core.experiment;

/**
 * {@code {"ref": "name"}}: run the activity of that name (from the method or the hypothesis) again,
 * as a new run entry with its own pauses.
 *
 * @param name the referenced activity's name
 * @param path where the reference sits in the document
 */
public record ActivityRef(String name, String path) implements Step {}
