package dev.faultline.server.api;

import dev.faultline.server.ServerMetrics;
import dev.faultline.server.auth.TokenStore;
import dev.faultline.server.continuous.Continuous;
import dev.faultline.server.db.AuditLog;
import dev.faultline.server.db.ExperimentStore;
import dev.faultline.server.db.FaultStore;
import dev.faultline.server.db.RunStore;
import dev.faultline.server.run.HaltSwitch;
import dev.faultline.server.run.RunManager;
import dev.faultline.server.signal.SignalBus;

/**
 * What the route handlers work with.
 *
 * @param documents parses and validates experiment documents
 * @param experiments experiments and their versions
 * @param runs stored runs, events and journals
 * @param faults recorded faults
 * @param audit the audit log
 * @param tokens bearer tokens
 * @param runManager executes runs
 * @param halt the halt switch
 * @param metrics the Prometheus registry
 * @param signals inbound alerts and incidents, for whoever subscribes
 * @param maxBodyBytes the largest request body accepted
 * @param continuous continuous chaos: services, schedules, calendars, pauses, notifications, coverage
 * @param response inbound webhooks, response milestones, GameDays
 * @param agents the fleet's agents and their faults
 */
public record Services(ExperimentDocuments documents, ExperimentStore experiments, RunStore runs, FaultStore faults,
    AuditLog audit, TokenStore tokens, RunManager runManager, HaltSwitch halt, ServerMetrics metrics,
    SignalBus signals, long maxBodyBytes, Continuous continuous,
    dev.faultline.server.response.ResponseParts response,
    dev.faultline.server.fleet.AgentRegistry agents) {}
