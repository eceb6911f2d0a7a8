import { z } from "zod";

import type { FailNextSpec, FaultRateSpec } from "../engine/faults.js";

/** Request bodies of the /_sim control API. */

const matchSchema = z
  .strictObject({
    method: z.string().optional(),
    /** Case-insensitive substring of the path. */
    path: z.string().optional(),
    /** Regular expression tested against the path (JSON cannot carry a RegExp). */
    pathRegex: z.string().optional(),
  })
  .optional();

const faultCommon = {
  status: z.union([z.number().int().min(100).max(599), z.literal("drop"), z.literal("hang")]),
  match: matchSchema,
  code: z.string().optional(),
  message: z.string().optional(),
  retryAfterSeconds: z.number().min(0).optional(),
};

const failNextSchema = z.strictObject({ ...faultCommon, count: z.number().int().min(1).optional() });
const faultRateSchema = z.strictObject({
  ...faultCommon,
  rate: z.number().min(0).max(1),
  seed: z.number().int().optional(),
});

type Common = z.output<z.ZodObject<typeof faultCommon>>;

function toMatch(match: Common["match"]): FailNextSpec["match"] {
  if (!match) return undefined;
  return {
    ...(match.method ? { method: match.method } : {}),
    ...(match.pathRegex ? { path: new RegExp(match.pathRegex, "i") } : match.path ? { path: match.path } : {}),
  };
}

function common(spec: Common): Omit<FailNextSpec, "count"> {
  return {
    status: spec.status,
    ...(spec.match ? { match: toMatch(spec.match) } : {}),
    ...(spec.code ? { code: spec.code } : {}),
    ...(spec.message ? { message: spec.message } : {}),
    ...(spec.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: spec.retryAfterSeconds }),
  };
}

export const parseFailNext = (body: unknown): FailNextSpec => {
  const spec = failNextSchema.parse(body);
  return { ...common(spec), ...(spec.count === undefined ? {} : { count: spec.count }) };
};

export const parseFaultRate = (body: unknown): FaultRateSpec => {
  const spec = faultRateSchema.parse(body);
  return { ...common(spec), rate: spec.rate, ...(spec.seed === undefined ? {} : { seed: spec.seed }) };
};

export const unreachableSchema = z.strictObject({
  mode: z.enum(["refuse", "reset"]).default("reset"),
  forMs: z.number().int().min(0).optional(),
});

export const operationFailureSchema = z
  .strictObject({
    code: z.string().optional(),
    message: z.string().optional(),
    count: z.number().int().min(1).optional(),
  })
  .default({});

export const settingsSchema = z.strictObject({
  operationDelayMs: z.number().int().min(0).optional(),
  writesPerSecond: z.number().positive().nullable().optional(),
  retryAfterSeconds: z.number().min(0).nullable().optional(),
  conflictMode: z.enum(["retryable-429", "another-operation-409", "cancel-superseded"]).optional(),
  acceptedTokens: z.array(z.string().min(1)).nullable().optional(),
  pageSize: z.number().int().min(1).optional(),
  pollRetryAfterSeconds: z.number().min(0).nullable().optional(),
});
