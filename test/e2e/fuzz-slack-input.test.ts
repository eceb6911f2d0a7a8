import { Agent, request } from "node:http";

import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { DEMO_SIGNING_SECRET } from "../../src/demo/local-stack.js";
import { commandPayload } from "../../src/simulators/slack/command-payload.js";
import { slackSignature } from "../../src/simulators/slack/index.js";
import type { PayloadContext } from "../../src/simulators/slack/payload-context.js";
import { viewSubmissionPayload, type ViewSubmissionInput } from "../../src/simulators/slack/view-payloads.js";
import { e2eConfig, startE2E, SUB, type E2E } from "../support/e2e.js";

/*
 * Hostile and careless input through the signed Slack endpoint: generated /jit texts and request-form
 * submissions, sent the way Slack sends them. Nothing may crash, answer 5xx, leak a stack trace or
 * touch Azure; every answer must be a message a person can act on. The stack runs without a worker,
 * so accepted requests only wait in Redis: the property under test is the Slack-facing path.
 */

const COMMANDS = 10_000;
const FORMS = 1_000;
const CONCURRENCY = 24;

const VM_ID = `/subscriptions/${SUB}/resourceGroups/rg-prod/providers/Microsoft.Compute/virtualMachines/vm-prod-1`;

const KEYWORDS = [
  "ssh",
  "rdp",
  "winrm",
  "SSH",
  "help",
  "list",
  "revoke",
  "cancel",
  "extend",
  "from",
  "because",
  "for",
  "to",
  "port",
  "-h",
  "--help",
  "?",
];
const VMS = [
  "vm-prod-1",
  "vm-prod-2",
  "vm-dev-1",
  "VM-PROD-1",
  "rg-prod/vm-prod-1",
  "vm-*",
  "*",
  "..",
  "../../etc/passwd",
  VM_ID,
  `${VM_ID}/../x`,
  "vm'; DROP",
  "vm-ünïcødé",
];
const DURATIONS = [
  "30m",
  "1h30m",
  "3h",
  "4h",
  "0s",
  "0",
  "-5m",
  "1.5h",
  "99999999999d",
  "PT30M",
  "P1Y",
  "P1D",
  "1h1h",
  "30m1h",
  "∞",
  "NaN",
  "1e9s",
  "10 m",
  "45 minutes",
  "an hour",
];
const SOURCES = [
  "203.0.113.7",
  "203.0.113.0/24",
  "203.0.113.300",
  "1.2.3.4/33",
  "0.0.0.0/0",
  "Internet",
  "any",
  "*",
  "::1",
  "::",
  "::/0",
  "2001:db8::1",
  "[2001:db8::1]",
  "2001:db8::/129",
  "2001:0db8:0000:0000:0000:ff00:0042:8329",
  "::ffff:203.0.113.7",
  "::ffff:203.0.113.0/120",
  "fe80::1%eth0",
  "1::2::3",
  "203.0.113.07",
  "0x7f.1",
  "2130706433",
];
const GRANT_IDS = [
  "g-aaaaaaaaaa",
  "g-abcdefghij",
  "g-",
  "g-zzzzzzzzzzzzzzz",
  "g-AAAAAAAAAA",
  "g-0000000000",
  "G-abcdefghij",
];
const ODD = [
  "\u202e",
  "\u200b",
  "\u0000",
  "\u2028",
  "<!channel>",
  "<@U0BOB0001>",
  "*bold*",
  "`code`",
  "&amp;",
  "%s%n",
  "${jndi:x}",
  "😀",
  "🏳️‍🌈",
  "ﷺ",
  "𝔘𝔫𝔦",
];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...KEYWORDS) },
  { weight: 3, arbitrary: fc.constantFrom(...VMS) },
  { weight: 3, arbitrary: fc.constantFrom(...DURATIONS) },
  { weight: 3, arbitrary: fc.constantFrom(...SOURCES) },
  { weight: 1, arbitrary: fc.constantFrom(...GRANT_IDS) },
  { weight: 1, arbitrary: fc.constantFrom(...ODD) },
  { weight: 1, arbitrary: fc.integer({ min: -70_000, max: 70_000 }).map(String) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 8 }) },
);
const separator = fc.constantFrom(" ", " ", " ", "  ", "\n", "\t", "\u00a0", "\u3000");
const huge = fc
  .tuple(
    fc.constantFrom("ssh vm-prod-1 30m because ", "", "help "),
    fc.string({ unit: "grapheme-ascii", minLength: 4_000, maxLength: 12_000 }),
  )
  .map(([a, b]) => a + b);
const jitText = fc.oneof(
  {
    weight: 30,
    arbitrary: fc.array(fc.tuple(token, separator), { maxLength: 9 }).map((parts) =>
      parts
        .map(([t, s]) => t + s)
        .join("")
        .trimEnd(),
    ),
  },
  { weight: 1, arbitrary: huge },
);
const user = fc.constantFrom("U0ALICE01", "U0ALICE01", "U0ALICE01", "U0CAROL01", "U0DAVE001", "U0ERIN001");

const optionalText = (arb: fc.Arbitrary<string>) =>
  fc.option(fc.oneof(arb, fc.string({ unit: "grapheme", maxLength: 40 })), { nil: undefined });
const form = fc.record({
  vm: optionalText(
    fc.constantFrom(VM_ID, VM_ID.toUpperCase(), `sha256:${"a".repeat(64)}`, "vm-prod-1", "/subscriptions/x", ""),
  ),
  port: optionalText(fc.constantFrom("22", "3389", "0", "-1", "65536", "ssh", "22.5", "")),
  duration: optionalText(fc.constantFrom(...DURATIONS)),
  source: optionalText(fc.constantFrom(...SOURCES)),
  justification: optionalText(fc.oneof(fc.constantFrom(...ODD), fc.string({ unit: "grapheme", maxLength: 3_000 }))),
});

/** view.state.values as Slack sends them: unset selects and empty inputs are null. */
function stateValues(f: {
  vm?: string | undefined;
  port?: string | undefined;
  duration?: string | undefined;
  source?: string | undefined;
  justification?: string | undefined;
}) {
  const select = (type: string, value?: string) => ({
    type,
    selected_option: value ? { text: { type: "plain_text", text: value.slice(0, 75) }, value } : null,
  });
  const input = (value?: string) => ({ type: "plain_text_input", value: value ?? null });
  return {
    vm: { "ajar.request.vm": select("external_select", f.vm) },
    port: { "ajar.request.port": select("static_select", f.port) },
    duration: { "ajar.request.duration": input(f.duration) },
    source: { "ajar.request.source": input(f.source) },
    justification: { "ajar.request.justification": input(f.justification) },
  };
}

interface Delivery {
  status: number;
  text: string;
  body: unknown;
}

/**
 * The simulator client's payloads (same fields, same signature), sent over one pool of keep-alive
 * connections: thousands of requests then take seconds, not a minute.
 */
function fastSender(e2e: E2E) {
  const sim = e2e.stack.slack;
  const ctx: PayloadContext = {
    teamId: sim.teamId,
    teamDomain: sim.teamDomain,
    apiAppId: sim.appId,
    verificationToken: "sim-verification-token",
    botUserId: sim.botUserId,
    simulator: sim,
  };
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const url = `${e2e.stack.web.url ?? ""}/slack/events`;
  const post = (body: string): Promise<Delivery> => {
    const ts = Math.floor(Date.now() / 1000);
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": String(ts),
      "x-slack-signature": slackSignature(DEMO_SIGNING_SECRET, ts, body),
    };
    return new Promise((resolve, reject) => {
      const req = request(url, { method: "POST", agent, headers }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 0, text, body: text === "" ? undefined : (JSON.parse(text) as unknown) }),
        );
      });
      req.on("error", reject);
      req.end(body);
    });
  };
  return {
    command: (userId: string, text: string) => post(commandPayload(ctx, { userId, text }).form.toString()),
    viewSubmission: (input: ViewSubmissionInput) =>
      post(new URLSearchParams({ payload: JSON.stringify(viewSubmissionPayload(ctx, input)) }).toString()),
    close: () => agent.destroy(),
  };
}

/** Runs `work` over `items`, `limit` at a time. */
async function pool<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await work(items[i] as T);
  };
  await Promise.all(Array.from({ length: limit }, lane));
  return out;
}

const STACK_TRACE = /\bat .+\.(ts|js):\d+|Error: |TypeError|RangeError|undefined|\[object Object\]|NaN/;
const APOLOGY = /Something went wrong inside ajar/;

/**
 * What makes a reply useless: empty, a crash apology, or internals leaking out. What the user typed
 * may be quoted back ("NaN" is not a port…), so their own words are taken out before looking.
 */
function problemWith(text: string, input: string): string | undefined {
  if (text.trim() === "") return "empty reply";
  if (APOLOGY.test(text)) return "internal error";
  let own = text;
  for (const word of input.split(/\s+/).filter((w) => w.length > 0)) own = own.split(word).join("");
  if (STACK_TRACE.test(own)) return "internals in the reply";
  if (text.length > 4_000) return "reply too long for Slack";
  return undefined;
}

describe("fuzzing the signed Slack endpoint", () => {
  let e2e: E2E;
  let send: ReturnType<typeof fastSender>;
  beforeAll(async () => {
    const config = e2eConfig({
      azure: { subscriptions: [SUB], pollIntervalMs: 20, lockdown: { onStart: false, priority: 1000 } },
    });
    e2e = await startE2E(config, { worker: false });
    send = fastSender(e2e);
  });
  afterAll(async () => {
    send.close();
    await e2e.close();
  });

  it(`answers ${COMMANDS} generated /jit texts with a helpful message, never a 5xx, and writes nothing to Azure`, async () => {
    const cases = fc.sample(fc.tuple(user, jitText), { numRuns: COMMANDS, seed: 4242 });
    const failures: string[] = [];
    const replies = await pool(cases, CONCURRENCY, async ([userId, text]) => {
      const response = await send.command(userId, text);
      const reply = (response.body as { text?: string } | undefined)?.text ?? "";
      if (response.status >= 500 || response.status !== 200)
        failures.push(`${response.status} for ${JSON.stringify(text.slice(0, 80))}`);
      // Whitespace alone opens the request form: Slack gets an empty acknowledgement.
      else if (text.trim() !== "" || reply !== "") {
        const problem = problemWith(reply, text);
        if (problem) failures.push(`${problem} for ${JSON.stringify(text.slice(0, 80))}: ${reply.slice(0, 200)}`);
      }
      return reply;
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(replies).toHaveLength(COMMANDS);
    // The generator reaches every path: usage, accepted requests and refusals.
    expect(replies.filter((r) => /Usage: \/jit/.test(r)).length).toBeGreaterThan(100);
    expect(replies.filter((r) => /Request `g-[a-z2-7]{10}` received/.test(r)).length).toBeGreaterThan(10);
    expect(e2e.stack.azure.writeLog()).toEqual([]);
    // About 20 s on a quiet two-core machine; the margin is for a busy one.
  }, 55_000);

  it(`answers ${FORMS} generated form submissions with field errors or acceptance, never a 5xx`, async () => {
    const opened = await e2e.stack.client.command({ userId: "U0ALICE01", text: "" });
    const call = await e2e.stack.slack.waitForCall("views.open", (c) => c.args.trigger_id === opened.triggerId, 5000);
    const viewId = (call.response.view as { id: string }).id;
    const cases = fc.sample(form, { numRuns: FORMS, seed: 777 });
    const failures: string[] = [];
    const outcomes = { errors: 0, accepted: 0 };
    await pool(cases, CONCURRENCY, async (f) => {
      const response = await send.viewSubmission({
        userId: "U0ALICE01",
        view: { id: viewId, state: { values: stateValues(f) } },
      });
      const where = JSON.stringify(f).slice(0, 160);
      if (response.status !== 200) return failures.push(`${response.status} for ${where}`);
      const body = response.body as { response_action?: string; errors?: Record<string, string> } | undefined;
      if (body === undefined) return outcomes.accepted++;
      if (body.response_action !== "errors" || body.errors === undefined || Object.keys(body.errors).length === 0)
        return failures.push(`unexpected answer ${response.text.slice(0, 200)} for ${where}`);
      outcomes.errors++;
      for (const [field, text] of Object.entries(body.errors)) {
        const problem = problemWith(text, Object.values(f).join(" "));
        if (problem) failures.push(`${problem} in ${field} for ${where}: ${text.slice(0, 200)}`);
      }
      return undefined;
    });
    expect(failures.slice(0, 10)).toEqual([]);
    expect(outcomes.errors).toBeGreaterThan(100);
    expect(outcomes.accepted).toBeGreaterThan(0);
    expect(e2e.stack.azure.writeLog()).toEqual([]);
  });
});
