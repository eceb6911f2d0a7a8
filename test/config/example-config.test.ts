import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";
import { parse } from "yaml";

import { fileSchema, type FileConfig } from "../../src/config/config-schema.js";
import { parseIpPrefix } from "../../src/domain/net/ip-prefix.js";
import { DEFAULT_SCOPED_ACTIONS } from "../../src/domain/rbac/required-actions.js";
import { parseDuration } from "../../src/domain/time/parse-duration.js";

const examplePath = fileURLToPath(new URL("../../ajar.example.yaml", import.meta.url));

function loadExample(): FileConfig {
  const raw: unknown = parse(readFileSync(examplePath, "utf8"));
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `  ${i.path.join(".") || "(root)"}: ${i.message}`).join("\n");
    expect.fail(`ajar.example.yaml does not match the config schema:\n${issues}`);
  }
  return parsed.data;
}

/** A zod 4 schema's definition, as far as walking its keys needs it. */
interface ZodDef {
  type: string;
  shape?: Record<string, { _zod: { def: ZodDef } }>;
  innerType?: { _zod: { def: ZodDef } };
  element?: { _zod: { def: ZodDef } };
  options?: { _zod: { def: ZodDef } }[];
}

/** Key paths a schema accepts, e.g. `policies[].approval.minApprovals` (records' free-form keys excluded). */
function schemaKeys(def: ZodDef, prefix = "", out = new Set<string>()): Set<string> {
  if (def.type === "object") {
    for (const [key, child] of Object.entries(def.shape ?? {})) {
      out.add(prefix + key);
      schemaKeys(child._zod.def, `${prefix}${key}.`, out);
    }
  } else if (def.type === "default" || def.type === "optional" || def.type === "prefault") {
    schemaKeys(def.innerType!._zod.def, prefix, out);
  } else if (def.type === "array") {
    schemaKeys(def.element!._zod.def, prefix.replace(/\.$/, "[]."), out);
  } else if (def.type === "union") {
    for (const option of def.options ?? []) schemaKeys(option._zod.def, prefix, out);
  }
  return out;
}

/** Key paths present in the parsed YAML, in the same notation. */
function yamlKeys(value: unknown, prefix = "", out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) yamlKeys(item, prefix.replace(/\.$/, "[]."), out);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      out.add(prefix + key);
      yamlKeys(child, `${prefix}${key}.`, out);
    }
  }
  return out;
}

describe("ajar.example.yaml", () => {
  it("documents every key the schema accepts", () => {
    // `identities` is a list or `{ source, entries: [list] }`: the example documents the entries once.
    const sameEntry = (key: string): string => key.replace(/^identities\.entries\[\]\./, "identities[].");
    const documented = new Set([...yamlKeys(parse(readFileSync(examplePath, "utf8")))].map(sameEntry));
    const accepted = schemaKeys((fileSchema as unknown as { _zod: { def: ZodDef } })._zod.def);
    expect(accepted.size).toBeGreaterThan(40);
    expect([...accepted].map(sameEntry).filter((key) => !documented.has(key))).toEqual([]);
  });

  it("is valid against the config schema", () => {
    expect(loadExample().policies.length).toBeGreaterThan(0);
  });

  it("writes every duration in a form the duration parser accepts", () => {
    const config = loadExample();
    const durations: [string, string][] = [
      ...Object.entries(config.grants).map(([k, v]): [string, string] => [`grants.${k}`, v]),
      ...config.policies.flatMap((p) => [
        ...Object.entries(p.duration).map(([k, v]): [string, string] => [`${p.name}.duration.${k}`, v]),
        ...p.ports.flatMap((port): [string, string][] =>
          port.maxDuration ? [[`${p.name}.ports.${port.port}`, port.maxDuration]] : [],
        ),
      ]),
    ];
    for (const [where, text] of durations) {
      // The audit retention counts in days and years, past the 30 days a grant may last.
      const options = where === "grants.auditRetention" ? { maxSeconds: 100 * 365 * 86_400 } : {};
      expect(() => parseDuration(text, options), where).not.toThrow();
    }
    for (const p of config.policies) {
      const [min, def, max] = [p.duration.min, p.duration.default, p.duration.max].map((d) => parseDuration(d));
      expect(min! <= def! && def! <= max!, `${p.name}: min <= default <= max`).toBe(true);
    }
  });

  it("uses addresses and blocks the IP parser accepts", () => {
    const config = loadExample();
    const sources = [
      ...config.policies.flatMap((p) => p.allowedSources),
      ...(Array.isArray(config.identities) ? config.identities : config.identities.entries).flatMap((i) =>
        i.defaultSource ? [i.defaultSource] : [],
      ),
    ];
    for (const source of sources) expect(() => parseIpPrefix(source), source).not.toThrow();
  });

  it("lists Defender for Cloud's request actions where it spells out requiredActions", () => {
    const explicit = loadExample().policies.find((p) => p.requiredActions !== undefined);
    expect(explicit?.requiredActions).toEqual([...DEFAULT_SCOPED_ACTIONS]);
  });

  it("shows every approval mode", () => {
    const modes = new Set(loadExample().policies.map((p) => p.approval.mode));
    expect([...modes].sort()).toEqual(["approvers", "manager", "none"]);
  });
});
