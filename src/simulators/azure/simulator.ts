import { controlHandler } from "./control/control-routes.js";
import { adminDeleteRule, adminPutRule } from "./engine/rule-writes.js";
import { SimEngine, type EngineSettings } from "./engine/sim-engine.js";
import { firewallControl } from "./firewall/firewall-control.js";
import { handleArmRequest } from "./http/arm-pipeline.js";
import { SimHttpServer } from "./http/server.js";
import { roleAssignmentJson } from "./json/authorization-json.js";
import { parseAzureSeed } from "./seed/load-seed.js";
import type { AzureSimulator, AzureSimulatorOptions, SimRuleView } from "./simulator-types.js";
import type { RuleRecord } from "./state/model.js";
import { buildRoleAssignment } from "./state/role-assignment-factory.js";
import { seedRuleToProperties } from "./state/seed-rule.js";

const view = (rule: RuleRecord): SimRuleView => ({
  ...structuredClone(rule.properties),
  name: rule.name,
  etag: rule.etag,
  provisioningState: rule.provisioningState,
});

/** Starts an Azure Resource Manager simulator on 127.0.0.1 that the real SDK clients can talk to. */
export async function startAzureSimulator(options: AzureSimulatorOptions): Promise<AzureSimulator> {
  const seed = parseAzureSeed(options.seed);
  const settings: EngineSettings = {
    operationDelayMs: options.operationDelayMs ?? 0,
    writesPerSecond: options.writesPerSecond,
    retryAfterSeconds: options.retryAfterSeconds,
    conflictMode: options.conflictMode ?? "retryable-429",
    pageSize: options.pageSize ?? 100,
    pollRetryAfterSeconds: options.pollRetryAfterSeconds,
    acceptedTokens: options.acceptedTokens,
  };
  const engine = new SimEngine(seed, settings, options.now);
  const firewalls = firewallControl(engine);
  firewalls.updateSettings(options.firewall ?? {});
  let restoreTimer: NodeJS.Timeout | undefined;
  const clearRestore = () => {
    if (restoreTimer) clearTimeout(restoreTimer);
    restoreTimer = undefined;
  };

  // The HTTP control API calls back into the very object returned below.
  const simulator: AzureSimulator = {
    url: "",
    port: 0,
    close: async () => {
      clearRestore();
      await server.close();
    },
    getRules: (nsgId) => {
      engine.settle();
      return [...engine.nsgById(nsgId).rules.values()].map(view);
    },
    getNsg: (nsgId) => {
      engine.settle();
      const nsg = engine.nsgById(nsgId);
      return {
        etag: nsg.etag,
        provisioningState: nsg.provisioningState ?? "Succeeded",
        rules: [...nsg.rules.values()].map(view),
      };
    },
    onNextWrite: (nsgId, fn) => engine.onNextWrite(engine.nsgById(nsgId).id, fn),
    writeLog: () => structuredClone(engine.writeLog),
    resetWriteLog: () => {
      engine.writeLog = [];
    },
    requestLog: () => structuredClone(engine.requestLog),
    resetRequestLog: () => {
      engine.requestLog = [];
    },
    operationsInProgress: () => {
      engine.settle();
      return engine.operations
        .inProgress()
        .map((op) => ({ id: op.id, nsgId: op.nsgId, kind: op.kind, ruleName: op.ruleName ?? "", status: op.status }));
    },
    adminPutRule: (nsgId, rule) => {
      engine.settle();
      const nsg = engine.nsgById(nsgId);
      const { name, properties } = seedRuleToProperties(`${nsg.id}/securityRules/${rule.name}`, rule);
      return view(adminPutRule(engine, nsg, name, properties));
    },
    adminDeleteRule: (nsgId, ruleName) => {
      engine.settle();
      return adminDeleteRule(engine, engine.nsgById(nsgId), ruleName);
    },
    addRoleAssignment: (assignment) => {
      const record = buildRoleAssignment(engine.state, assignment, "role assignment");
      engine.state.roleAssignments = engine.state.roleAssignments.filter((a) => a.guid !== record.guid);
      engine.state.roleAssignments.push(record);
      return roleAssignmentJson(record).id;
    },
    removeRoleAssignment: (idOrName) => {
      const guid = (idOrName.split("/").pop() ?? "").toLowerCase();
      const before = engine.state.roleAssignments.length;
      engine.state.roleAssignments = engine.state.roleAssignments.filter((a) => a.guid !== guid);
      return engine.state.roleAssignments.length < before;
    },
    reset: () => engine.reset(),
    failNext: (spec) => engine.faults.failNext(spec),
    setFaultRate: (spec) => engine.faults.setFaultRate(spec),
    clearFaults: () => engine.faults.clear(),
    failNextOperation: (spec) => engine.failNextOperation(spec),
    setUnreachable: async (mode, opts) => {
      clearRestore();
      await server.setUnreachable(mode);
      if (opts?.forMs !== undefined) restoreTimer = setTimeout(() => void server.setReachable(), opts.forMs);
    },
    setReachable: async () => {
      clearRestore();
      await server.setReachable();
    },
    firewalls,
    settings: () => structuredClone(settings),
    updateSettings: (changes) => {
      Object.assign(settings, changes);
      engine.limiter.setLimit(settings.writesPerSecond);
    },
  };

  const server = new SimHttpServer({
    arm: (req) => handleArmRequest(engine, req),
    control: (req) => controlHandler(simulator, req),
  });
  const port = await server.listen(options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  engine.baseUrl = url;
  return Object.assign(simulator, { url, port });
}
