import { newEtag } from "../state/arm-ids.js";
import { keyOf, type NsgRecord, type RuleProperties, type RuleRecord } from "../state/model.js";
import type { LroOperation } from "./operations.js";
import { checkPriorityConflict } from "./rule-validation.js";
import type { SimEngine } from "./sim-engine.js";

const subscriptionOf = (nsg: NsgRecord): string => nsg.id.split("/")[2] as string;

export interface OperationCallbacks {
  onSucceeded: () => void;
  onFailed: () => void;
  onCanceled: () => void;
}

/**
 * Claims the NSG for a new operation (refused while busy, or superseding the running one) and starts it.
 * `apply` makes the write's changes visible at once, after the claim, so a superseded operation is
 * undone before the new write lands.
 */
export function startNsgOperation(
  engine: SimEngine,
  nsg: NsgRecord,
  kind: string,
  ruleName: string | undefined,
  apply: () => OperationCallbacks,
): LroOperation {
  const id = crypto.randomUUID();
  engine.claim(nsg.id, { id, kind });
  const callbacks = apply();
  const now = engine.now();
  const failWith = engine.takeOperationFailure();
  return engine.operations.start({
    id,
    subscriptionId: subscriptionOf(nsg),
    location: nsg.location,
    nsgId: nsg.id,
    kind,
    ...(ruleName === undefined ? {} : { ruleName }),
    startedAt: now,
    completesAt: now + engine.settings.operationDelayMs,
    status: "InProgress",
    ...(failWith ? { failWith } : {}),
    ...callbacks,
  });
}

/**
 * Starts a PUT the way the network RP does: the rule is visible at once as `Updating` and turns
 * `Succeeded` (or `Failed`) when the operation completes; the NSG stays busy meanwhile.
 */
export function beginPutRule(
  engine: SimEngine,
  nsg: NsgRecord,
  ruleName: string,
  properties: RuleProperties,
): { created: boolean; rule: RuleRecord; operation: LroOperation } {
  // Checked before the claim too, so an invalid write never cancels the operation it would supersede.
  checkPriorityConflict(nsg, ruleName, properties);
  let previous: RuleRecord | undefined;
  let rule: RuleRecord | undefined;
  const operation = startNsgOperation(engine, nsg, "PutSecurityRuleOperation", ruleName, () => {
    checkPriorityConflict(nsg, ruleName, properties);
    previous = nsg.rules.get(keyOf(ruleName));
    const written: RuleRecord = {
      name: previous?.name ?? ruleName,
      etag: newEtag(),
      provisioningState: "Updating",
      properties,
    };
    rule = written;
    nsg.rules.set(keyOf(ruleName), written);
    nsg.etag = newEtag();
    return {
      onSucceeded: () => void (written.provisioningState = "Succeeded"),
      onFailed: () => void (written.provisioningState = "Failed"),
      onCanceled: () => {
        if (nsg.rules.get(keyOf(ruleName)) !== written) return;
        if (previous) nsg.rules.set(keyOf(ruleName), previous);
        else nsg.rules.delete(keyOf(ruleName));
        nsg.etag = newEtag();
      },
    };
  });
  return { created: previous === undefined, rule: rule as RuleRecord, operation };
}

/** Starts a DELETE; `undefined` when the rule does not exist (ARM answers 204 then). */
export function beginDeleteRule(engine: SimEngine, nsg: NsgRecord, ruleName: string): LroOperation | undefined {
  if (!nsg.rules.get(keyOf(ruleName))) return undefined;
  return startNsgOperation(engine, nsg, "DeleteSecurityRuleOperation", ruleName, () => {
    // A superseded operation may just have put the rule back the way it was: look it up after the claim.
    const rule = nsg.rules.get(keyOf(ruleName));
    if (rule) rule.provisioningState = "Deleting";
    const restore = () => {
      if (rule) rule.provisioningState = "Succeeded";
    };
    return {
      onSucceeded: () => {
        if (rule && nsg.rules.get(keyOf(ruleName)) === rule) nsg.rules.delete(keyOf(ruleName));
        nsg.etag = newEtag();
      },
      onFailed: restore,
      onCanceled: () => {
        restore();
        nsg.etag = newEtag();
      },
    };
  });
}

/** An administrator's change in the portal, applied at once and logged as `admin`. */
export function adminPutRule(
  engine: SimEngine,
  nsg: NsgRecord,
  ruleName: string,
  properties: RuleProperties,
): RuleRecord {
  checkPriorityConflict(nsg, ruleName, properties);
  const existing = nsg.rules.get(keyOf(ruleName));
  const rule: RuleRecord = {
    name: existing?.name ?? ruleName,
    etag: newEtag(),
    provisioningState: "Succeeded",
    properties,
  };
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

function logAdmin(
  engine: SimEngine,
  method: string,
  nsg: NsgRecord,
  ruleName: string,
  rule: RuleProperties | undefined,
  status = 200,
): void {
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
