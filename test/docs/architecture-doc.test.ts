import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { JOBS, RECONCILE_JOB } from "../../src/adapters/bullmq/job-table.js";
import { grantBackoff, reconcileBackoff } from "../../src/adapters/bullmq/retry-policy.js";
import { FINAL_STATUSES } from "../../src/domain/grant/grant.js";
import { GRANT_TRANSITIONS } from "../../src/domain/grant/transitions.js";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const DOC = readFileSync(join(ROOT, "docs/architecture.md"), "utf8");

/** The text under the level-2 heading that starts with `title`, up to the next level-2 heading. */
function section(title: string): string {
  const lines = DOC.split("\n");
  const start = lines.findIndex((l) => l.startsWith(`## ${title}`));
  if (start < 0) throw new Error(`docs/architecture.md has no "## ${title}" section`);
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  return lines.slice(start + 1, end < 0 ? undefined : end).join("\n");
}

/** Inline code spans outside fenced blocks. */
const codeSpans = (text: string): string[] =>
  [...text.replace(/```[\s\S]*?```/g, "").matchAll(/`([^`\n]+)`/g)].map((m) => m[1]!);

const REPO_PATH = /^(src|test|bench)\//;
const repoPaths = (text: string): string[] => codeSpans(text).filter((span) => REPO_PATH.test(span));

describe("docs/architecture.md", () => {
  describe("the grant state diagram", () => {
    const blocks = [...DOC.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]!);
    const lines = (blocks[0] ?? "")
      .split("\n")
      .map((l) => l.trim())
      .filter((l) => l !== "");

    it("is one stateDiagram-v2 block", () => {
      expect(blocks).toHaveLength(1);
      expect(lines[0]).toBe("stateDiagram-v2");
    });

    it("draws exactly the edges of GRANT_TRANSITIONS, each once", () => {
      const drawn: string[] = [];
      for (const line of lines.filter((l) => l.includes("-->"))) {
        const edge = /^([a-z]+)\s*-->\s*([a-z]+)\s*(?::.*)?$/.exec(line);
        expect(edge, `not an edge between two statuses: ${line}`).not.toBeNull();
        drawn.push(`${edge![1]} --> ${edge![2]}`);
      }
      const table = Object.entries(GRANT_TRANSITIONS).flatMap(([from, tos]) => tos.map((to) => `${from} --> ${to}`));
      expect(new Set(drawn).size, "an edge is drawn twice").toBe(drawn.length);
      expect(
        drawn.filter((e) => !table.includes(e)),
        "drawn but not in GRANT_TRANSITIONS",
      ).toEqual([]);
      expect(
        table.filter((e) => !drawn.includes(e)),
        "in GRANT_TRANSITIONS but not drawn",
      ).toEqual([]);
    });

    it("marks exactly the final statuses as final", () => {
      const marked = lines.map((l) => /^class\s+([a-z,]+)\s+final$/.exec(l)?.[1]).find((m) => m !== undefined);
      expect((marked ?? "").split(",").sort()).toEqual([...FINAL_STATUSES].sort());
    });
  });

  it("names only repository paths that exist", () => {
    const paths = repoPaths(DOC);
    expect(paths.length).toBeGreaterThan(50);
    // `src/app/commands/<verb>-grant.ts` is a file to create and `src/domain/**` a glob: the folder
    // they name must exist.
    const checked = (p: string): string => {
      const fixed = p.split(/[<*]/)[0]!;
      return fixed === p ? p : fixed.slice(0, fixed.lastIndexOf("/") + 1);
    };
    const missing = paths.filter((p) => !existsSync(join(ROOT, checked(p))));
    expect(missing).toEqual([]);
  });

  describe("the walk-through", () => {
    const steps: { number: number; text: string }[] = [];
    for (const line of section("Walk-through").split("\n")) {
      const start = /^(\d+)\.\s/.exec(line);
      if (start) steps.push({ number: Number(start[1]), text: line });
      else if (/^\s+\S/.test(line) && steps.length > 0) steps[steps.length - 1]!.text += `\n${line}`;
      else if (line.trim() !== "") steps.push({ number: Number.NaN, text: "" });
    }
    const numbered = steps.filter((s) => !Number.isNaN(s.number));

    it("is one numbered sequence, from the listener to the close", () => {
      expect(numbered.length).toBeGreaterThan(20);
      expect(numbered.map((s) => s.number)).toEqual(numbered.map((_, i) => i + 1));
      expect(numbered[0]!.text).toContain("src/adapters/slack/listeners/jit-command.ts");
      expect(DOC).toMatch(/^## Walk-through: `\/jit ssh vm-prod-1 30m`$/m);
    });

    it("opens each file once: one path per step, every path distinct", () => {
      const perStep = numbered.map((s) => repoPaths(s.text));
      for (const [i, paths] of perStep.entries()) expect(paths, `step ${i + 1}`).toHaveLength(1);
      const files = perStep.map((paths) => paths[0]);
      expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual([]);
    });

    it("names, after each file, a function that is in it", () => {
      for (const step of numbered) {
        const head = /^\d+\.\s+`([^`]+)`,\s+`([^`]+)`/.exec(step.text);
        expect(head, `step ${step.number} starts with its file and function`).not.toBeNull();
        const [, file, name] = head!;
        expect(statSync(join(ROOT, file!)).isFile(), file).toBe(true);
        const source = readFileSync(join(ROOT, file!), "utf8");
        for (const part of name!.replace(/\(\)$/, "").split("."))
          expect(source, `${part} in ${file}`).toMatch(new RegExp(`\\b${part}\\b`));
      }
    });
  });

  describe("the job table", () => {
    const jobs = section("Jobs");
    const rows = jobs
      .split("\n")
      .filter((l) => l.startsWith("| `"))
      .map((l) => l.split("|").map((cell) => cell.trim()));

    it("has one row per grant job, with its attempts and backoff", () => {
      const backoffs: Record<string, unknown> = {
        "`grantBackoff`": grantBackoff,
        "`reconcileBackoff`": reconcileBackoff,
      };
      const byName = new Map(
        rows.map(([, name, attempts, backoff]) => [name!.replace(/`/g, ""), { attempts, backoff }]),
      );
      expect([...byName.keys()].sort()).toEqual(Object.keys(JOBS).sort());
      expect(rows).toHaveLength(Object.keys(JOBS).length);
      for (const spec of Object.values(JOBS)) {
        const row = byName.get(spec.name);
        expect(row?.attempts, spec.name).toBe(String(spec.attempts));
        expect(backoffs[row?.backoff ?? ""], `${spec.name}'s backoff`).toBe(spec.backoff);
      }
    });

    it("states the reconcile job's attempts", () => {
      expect(jobs).toContain(`${RECONCILE_JOB.attempts.toLocaleString("en-US")} attempts`);
    });
  });
});
