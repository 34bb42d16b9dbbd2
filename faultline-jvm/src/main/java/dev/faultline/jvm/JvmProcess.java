package dev.faultline.jvm;

/**
 * A JVM on this host that the current user may attach to.
 *
 * @param pid its process id
 * @param displayName its main class or jar and arguments, as the attach API reports them
 * @param agentAttached whether a Faultline agent token file exists for it
 */
public record JvmProcess(long pid, String displayName, boolean agentAttached) {}
