import { z } from "zod";

/** Secrets and endpoints come from the environment; these names are fixed because operators' tooling uses them. */
const envSchema = z.object({
  SLACK_BOT_TOKEN: z
    .string()
    .regex(/^xoxb-/, "a bot token starting with xoxb-")
    .optional(),
  SLACK_SIGNING_SECRET: z.string().min(8, "the app's signing secret (Basic Information page)").optional(),
  SLACK_APP_TOKEN: z
    .string()
    .regex(/^xapp-/, "an app-level token starting with xapp-")
    .optional(),
  SLACK_API_URL: z.url().optional(),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, "a redis:// or rediss:// URL")
    .default("redis://127.0.0.1:6379"),
  AZURE_ARM_ENDPOINT: z.url().default("https://management.azure.com"),
  AZURE_ARM_TOKEN: z.string().min(1).optional(),
  /** Microsoft Graph endpoint: sovereign clouds, or the local simulator. */
  AZURE_GRAPH_ENDPOINT: z.url().default("https://graph.microsoft.com"),
  /** Static Graph token instead of DefaultAzureCredential; over plain http only to loopback. */
  AZURE_GRAPH_TOKEN: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on; all interfaces when unset (what a container needs). */
  HOST: z.string().min(1).optional(),
  /** Operations listener (/readyz, /metrics): apart from the public Slack port, loopback unless METRICS_HOST says otherwise. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  METRICS_HOST: z.string().min(1).default("127.0.0.1"),
  AJAR_CONFIG: z.string().min(1).default("./ajar.yaml"),
  /** Redis key prefix, so several ajar installations (or test runs) can share one Redis. */
  AJAR_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]+:$/, "letters, digits, _ . - ending in ':' (e.g. ajar:)")
    .default("ajar:"),
  /** Where people's browsers reach this listener (for `from me` links); https unless loopback. */
  AJAR_PUBLIC_URL: z
    .url()
    .refine(
      (u) => /^https:\/\//i.test(u) || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/i.test(u),
      "an https:// URL (plain http only for loopback)",
    )
    .optional(),
  /** `ajar all` runs its worker in a thread of its own (1), or on the web's event loop (0). */
  AJAR_WORKER_THREAD: z.enum(["0", "1"]).default("1"),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
});

export type EnvConfig = z.infer<typeof envSchema>;

export function readEnv(env: NodeJS.ProcessEnv): EnvConfig {
  // Empty strings come from compose files and shells as often as unset variables; treat them alike.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = issue.path.join(".");
      // Never echo the value: these variables hold secrets.
      return `  ${key}: ${issue.message}`;
    });
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  return parsed.data;
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}
