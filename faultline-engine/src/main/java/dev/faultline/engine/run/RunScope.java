package dev.faultline.engine.run;

import dev.faultline.engine.fault.FaultSession;
import dev.faultline.engine.provider.EngineSettings;
import dev.faultline.engine.provider.RunContext;
import dev.faultline.engine.substitute.Substitutor;
import java.util.Map;

/** The resolved values and services one run gives its providers. */
record RunScope(
    Map<String, Object> configuration,
    Map<String, Map<String, Object>> secrets,
    FaultSession faults,
    EngineSettings settings,
    Substitutor substitutor)
    implements RunContext {}
