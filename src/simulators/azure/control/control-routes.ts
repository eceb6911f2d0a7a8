import { z, ZodError } from "zod";

import { FIREWALL_CONTROL_HANDLERS } from "../firewall/firewall-control-routes.js";
import { ArmHttpError } from "../http/arm-error.js";
import type { SimResponse } from "../http/context.js";
import type { ControlRequest } from "../http/server.js";
import { seedRoleAssignmentSchema, seedRuleSchema } from "../seed/seed-schema.js";
import type { AzureSimulator, AzureSimulatorSettings } from "../simulator-types.js";
import {
  operationFailureSchema,
  parseFailNext,
  parseFaultRate,
  settingsSchema,
  unreachableSchema,
} from "./control-schemas.js";

const nextWriteSchema = z
  .strictObject({ putRule: seedRuleSchema.optional(), deleteRule: z.string().min(1).optional() })
  .refine((c) => c.putRule || c.deleteRule, "give putRule or deleteRule");

type ControlHandler = (sim: AzureSimulator, req: ControlRequest) => SimResponse | Promise<SimResponse>;

const json = (body: unknown, status = 200): SimResponse => ({ status, body });
const done: SimResponse = { status: 204 };

function required(req: ControlRequest, name: string): string {
  const value = req.query.get(name);
  if (!value) throw new ArmHttpError(400, "MissingParameter", `Query parameter '${name}' is required.`);
  return value;
}

/** `null` in a settings body means "back to unset" (e.g. unlimited writes). */
function toSettings(body: unknown): Partial<AzureSimulatorSettings> {
  const parsed = settingsSchema.parse(body ?? {});
  return Object.fromEntries(
    Object.entries(parsed).map(([k, v]) => [k, v === null ? undefined : v]),
  ) as Partial<AzureSimulatorSettings>;
}

/** The /_sim control API: the same operations as the simulator object's methods, over HTTP. */
const HANDLERS: Record<string, ControlHandler> = {
  ...FIREWALL_CONTROL_HANDLERS,
  "GET /_sim/health": () => json({ ok: true }),
  "POST /_sim/reset": (sim) => (sim.reset(), done),
  "GET /_sim/settings": (sim) => json(sim.settings()),
  "PATCH /_sim/settings": (sim, req) => (sim.updateSettings(toSettings(req.body)), json(sim.settings())),
  "GET /_sim/rules": (sim, req) => json(sim.getRules(required(req, "nsgId"))),
  "PUT /_sim/rules": (sim, req) => json(sim.adminPutRule(required(req, "nsgId"), seedRuleSchema.parse(req.body))),
  "DELETE /_sim/rules": (sim, req) =>
    json({ deleted: sim.adminDeleteRule(required(req, "nsgId"), required(req, "name")) }),
  "GET /_sim/nsg": (sim, req) => json(sim.getNsg(required(req, "nsgId"))),
  // The HTTP form of onNextWrite: an admin rule change (PUT or DELETE) just before the next ARM write.
  "POST /_sim/next-write": (sim, req) => {
    const nsgId = required(req, "nsgId");
    const change = nextWriteSchema.parse(req.body);
    sim.getNsg(nsgId);
    sim.onNextWrite(nsgId, () => {
      if (change.putRule) sim.adminPutRule(nsgId, change.putRule);
      if (change.deleteRule) sim.adminDeleteRule(nsgId, change.deleteRule);
    });
    return done;
  },
  "GET /_sim/writes": (sim) => json(sim.writeLog()),
  "DELETE /_sim/writes": (sim) => (sim.resetWriteLog(), done),
  "GET /_sim/requests": (sim) => json(sim.requestLog()),
  "DELETE /_sim/requests": (sim) => (sim.resetRequestLog(), done),
  "GET /_sim/operations": (sim) => json(sim.operationsInProgress()),
  "POST /_sim/operations/fail-next": (sim, req) => (
    sim.failNextOperation(operationFailureSchema.parse(req.body)),
    done
  ),
  "POST /_sim/role-assignments": (sim, req) =>
    json({ id: sim.addRoleAssignment(seedRoleAssignmentSchema.parse(req.body)) }, 201),
  "DELETE /_sim/role-assignments": (sim, req) => json({ deleted: sim.removeRoleAssignment(required(req, "id")) }),
  "POST /_sim/faults/next": (sim, req) => (sim.failNext(parseFailNext(req.body)), done),
  "POST /_sim/faults/rate": (sim, req) => (sim.setFaultRate(parseFaultRate(req.body)), done),
  "DELETE /_sim/faults": (sim) => (sim.clearFaults(), done),
  "POST /_sim/unreachable": async (sim, req) => {
    const { mode, forMs } = unreachableSchema.parse(req.body ?? {});
    await sim.setUnreachable(mode, forMs === undefined ? undefined : { forMs });
    return done;
  },
  "DELETE /_sim/unreachable": async (sim) => (await sim.setReachable(), done),
};

export async function controlHandler(sim: AzureSimulator, req: ControlRequest): Promise<SimResponse> {
  const handler = HANDLERS[`${req.method} ${req.path}`];
  if (!handler)
    return json(
      {
        error: {
          code: "NotFound",
          message: `No control endpoint ${req.method} ${req.path}. Known: ${Object.keys(HANDLERS).join(", ")}`,
        },
      },
      404,
    );
  try {
    return await handler(sim, req);
  } catch (error) {
    if (error instanceof ArmHttpError) return json(error.toBody(), error.status);
    if (error instanceof ZodError)
      return json(
        {
          error: {
            code: "InvalidControlRequest",
            message: error.issues.map((i) => `${i.path.join(".") || "(body)"}: ${i.message}`).join("; "),
          },
        },
        400,
      );
    return json({ error: { code: "BadRequest", message: (error as Error).message } }, 400);
  }
}
