import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

import { commandPayload } from "../src/simulators/slack/command-payload.js";
import { signedHeaders } from "../src/simulators/slack/request-signing.js";

export interface Target {
  name: string;
  /** The Slack endpoint, e.g. http://127.0.0.1:3000/slack/events */
  url: string;
  signingSecret: string;
  /** Whether an answer is the one expected (anything else counts as failed). */
  expect: RegExp;
}

export interface LoadOptions {
  targets: Target[];
  /** Requests per second sent to each target. */
  rate: number;
  seconds: number;
  /** Sent the same way first, and not counted: both sides warm up alike. */
  warmupSeconds: number;
  /** The k-th command to send (the same sequence goes to every target). */
  command(k: number): { userId: string; text: string };
  /** Where a late answer would go (Slack's response_url). */
  responseUrl: string;
}

export interface Samples {
  /** Milliseconds from when each counted request was due to its full answer. */
  latencies: number[];
  failed: number;
  firstFailure?: string;
}

/** Slack stops waiting after 3 s: an answer later than that is a failure. */
const SLACK_TIMEOUT_MS = 3000;

/**
 * An open-loop load generator: request k to each target is due at start + k / rate (targets offset
 * evenly within each period, so they alternate), and is sent then whether or not earlier ones were
 * answered. Latency runs from when a request was due, not from when it left: a generator that
 * falls behind (or a server that stalls it) shows as latency instead of hiding it.
 */
export async function runLoad(options: LoadOptions): Promise<Map<string, Samples>> {
  const period = 1000 / options.rate;
  const warmup = Math.round(options.warmupSeconds * options.rate);
  const total = warmup + Math.round(options.seconds * options.rate);
  const results = new Map(options.targets.map((t) => [t.name, { latencies: [], failed: 0 } as Samples]));
  const agents = options.targets.map(() => new Agent({ keepAlive: true, maxSockets: 512 }));
  const pending: Promise<void>[] = [];
  const start = performance.now() + 50;
  let next = 0;
  const slots = total * options.targets.length;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      for (; next < slots; next++) {
        const k = Math.floor(next / options.targets.length);
        const t = next % options.targets.length;
        const due = start + k * period + (t * period) / options.targets.length;
        if (due > now) break;
        const target = options.targets[t]!;
        const sent = send(target, agents[t]!, options.command(k), options.responseUrl).then((outcome) => {
          if (k < warmup) return;
          const samples = results.get(target.name)!;
          const ms = performance.now() - due;
          if (outcome === true && ms <= SLACK_TIMEOUT_MS) samples.latencies.push(ms);
          else {
            samples.failed++;
            samples.firstFailure ??= outcome === true ? `answered after ${Math.round(ms)} ms` : outcome;
          }
        });
        pending.push(sent);
      }
      if (next >= slots) return resolve();
      const k = Math.floor(next / options.targets.length);
      const due = start + k * period + ((next % options.targets.length) * period) / options.targets.length;
      setTimeout(tick, Math.max(0, due - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  for (const agent of agents) agent.destroy();
  return results;
}

/** One signed slash command; true when the answer is the expected one, else what went wrong. */
function send(
  target: Target,
  agent: Agent,
  command: { userId: string; text: string },
  responseUrl: string,
): Promise<true | string> {
  const { form } = commandPayload(
    {
      teamId: "T0SIMTEAM1",
      teamDomain: "sim",
      apiAppId: "A0SIMAPP01",
      verificationToken: "sim-verification-token",
      botUserId: "U0SIMBOT01",
    },
    { ...command, responseUrl, triggerId: `${Date.now()}.1.bench` },
  );
  const body = form.toString();
  const headers = signedHeaders(target.signingSecret, body, "application/x-www-form-urlencoded");
  return new Promise((resolve) => {
    const req = request(target.url, { method: "POST", agent, headers, timeout: SLACK_TIMEOUT_MS * 2 }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        if (res.statusCode !== 200) resolve(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
        else resolve(target.expect.test(text) ? true : `unexpected answer: ${text.slice(0, 200)}`);
      });
    });
    req.on("timeout", () => req.destroy(new Error("no answer")));
    req.on("error", (error) => resolve(error.message));
    req.end(body);
  });
}

/** The q-quantile (0..1) of a sample, nearest rank. */
export function quantile(values: number[], q: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
