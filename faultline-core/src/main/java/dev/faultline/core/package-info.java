/**
 * Faultline's core model: the vocabulary shared by every module. JDK only; every other module
 * depends inward on it and it depends on nothing of ours.
 */
package dev.faultline.core;
