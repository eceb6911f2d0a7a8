import { newEtag } from "../state/arm-ids.js";
import type { NsgRecord, RuleProperties, RuleRecord } from "../state/model.js";
import { keyOf } from "../state/model.js";
import type { LroOperation } from "./operations.js";
import { checkPriorityConflict } from "./rule-validation.js";
import type { SimEngine } from "./sim-engine.js";

const subscriptionOf = (nsg: NsgRecord): string => nsg.id.split("/")[2] as string;

function refuseIfBusy(engine: SimEngine, nsg: NsgRecord): void {
  const busy = engine.operations.busyOn(nsg.id);
  if (busy) throw engine.busyError(busy);
}

function startOperation(engine: SimEngine, nsg: NsgRecord, kind: LroOperation["kind"], ruleName: string, onSucceeded: () => void, onFailed: () => void): LroOperation {
  const now = engine.now();
  const failWith = engine.takeOperationFailure();
  return engine.operations.start({
    id: crypto.randomUUID(),
    subscriptionId: subscriptionOf(nsg),
    location: nsg.location,
    nsgId: nsg.id,
    kind,
    ruleName,
    startedAt: now,
    completesAt: now + engine.settings.operationDelayMs,
    status: "InProgress",
    ...(failWith ? { failWith } : {}),
    onSucceeded,
    onFailed,
  });
}

/**
 * Starts a PUT the way the network RP does: the rule is visible at once as `Updating` and turns
 * `Succeeded` (or `Failed`) when the operation completes; the NSG stays busy meanwhile.
 */
export function beginPutRule(engine: SimEngine, nsg: NsgRecord, ruleName: string, properties: RuleProperties): { created: boolean; rule: RuleRecord; operation: LroOperation } {
  refuseIfBusy(engine, nsg);
  checkPriorityConflict(nsg, ruleName, properties);
  const existing = nsg.rules.get(keyOf(ruleName));
  const rule: RuleRecord = { name: existing?.name ?? ruleName, etag: newEtag(), provisioningState: "Updating", properties };
  nsg.rules.set(keyOf(ruleName), rule);
  nsg.etag = newEtag();
  const operation = startOperation(
    engine,
    nsg,
    "PutSecurityRuleOperation",
    rule.name,
    () => {
      rule.provisioningState = "Succeeded";
    },
    () => {
      rule.provisioningState = "Failed";
    },
  );
  return { created: existing === undefined, rule, operation };
}

/** Starts a DELETE; `undefined` when the rule does not exist (ARM answers 204 then). */
export function beginDeleteRule(engine: SimEngine, nsg: NsgRecord, ruleName: string): LroOperation | undefined {
  const rule = nsg.rules.get(keyOf(ruleName));
  if (!rule) return undefined;
  refuseIfBusy(engine, nsg);
  rule.provisioningState = "Deleting";
  return startOperation(
    engine,
    nsg,
    "DeleteSecurityRuleOperation",
    rule.name,
    () => {
      if (nsg.rules.get(keyOf(ruleName)) === rule) nsg.rules.delete(keyOf(ruleName));
      nsg.etag = newEtag();
    },
    () => {
      rule.provisioningState = "Succeeded";
    },
  );
}

/** An administrator's change in the portal, applied at once and logged as `admin`. */
export function adminPutRule(engine: SimEngine, nsg: NsgRecord, ruleName: string, properties: RuleProperties): RuleRecord {
  checkPriorityConflict(nsg, ruleName, properties);
  const existing = nsg.rules.get(keyOf(ruleName));
  const rule: RuleRecord = { name: existing?.name ?? ruleName, etag: newEtag(), provisioningState: "Succeeded", properties };
  nsg.rules.set(keyOf(ruleName), rule);
  nsg.etag = newEtag();
  logAdmin(engine, "PUT", nsg, rule.name, properties);
  return rule;
}

export function adminDeleteRule(engine: SimEngine, nsg: NsgRecord, ruleName: string): boolean {
  const existed = nsg.rules.delete(keyOf(ruleName));
  if (existed) nsg.etag = newEtag();
  logAdmin(engine, "DELETE", nsg, ruleName, undefined, existed ? 200 : 204);
  return existed;
}

function logAdmin(engine: SimEngine, method: string, nsg: NsgRecord, ruleName: string, rule: RuleProperties | undefined, status = 200): void {
  const atMs = engine.now();
  engine.writeLog.push({
    seq: engine.nextSeq(),
    at: new Date(atMs).toISOString(),
    atMs,
    source: "admin",
    method,
    path: `${nsg.id}/securityRules/${ruleName}`,
    nsgId: nsg.id,
    ruleName,
    ...(rule ? { rule: structuredClone(rule) } : {}),
    status,
    outcome: "applied",
  });
}
