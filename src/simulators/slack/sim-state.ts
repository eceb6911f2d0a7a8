import { FaultQueue } from "./faults.js";
import { idFactory, randomHex, triggerIdFactory, TsClock } from "./ids.js";
import type {
  RecordedCall,
  ResponseUrlContext,
  ResponseUrlPost,
  SimEphemeral,
  SimMessage,
  SimUser,
  SimUsergroup,
  SimView,
  SlackSimulatorOptions,
} from "./types.js";
import { WaitableList } from "./waitable-list.js";

export interface SimConfig {
  botToken: string;
  teamId: string;
  enterpriseId?: string;
  teamDomain: string;
  teamName: string;
  botUserId: string;
  botId: string;
  botName: string;
  appId: string;
  scopes: string[];
  triggerTtlMs: number;
  responseUrlMaxUses: number;
  users: Map<string, SimUser>;
  /** Only a configured directory is authoritative; without one, any user id is believed to exist. */
  strictUsers: boolean;
  usergroups: Map<string, SimUsergroup>;
  /** Known once the server listens. */
  baseUrl: string;
}

export const DEFAULT_SCOPES = [
  "chat:write",
  "commands",
  "im:write",
  "users:read",
  "users:read.email",
  "usergroups:read",
];

export function resolveConfig(options: SlackSimulatorOptions): SimConfig {
  const botUserId = options.botUserId ?? "U0SIMBOT01";
  const botId = options.botId ?? "B0SIMBOT01";
  const botName = options.botName ?? "ajar";
  const users = new Map<string, SimUser>();
  users.set(botUserId, { id: botUserId, name: botName, realName: botName, isBot: true });
  for (const user of options.users ?? []) users.set(user.id, user);
  return {
    botToken: options.botToken,
    teamId: options.teamId ?? "T0SIMTEAM1",
    ...(options.enterpriseId ? { enterpriseId: options.enterpriseId } : {}),
    teamDomain: options.teamDomain ?? "ajar-sim",
    teamName: options.teamName ?? "Ajar Simulated Workspace",
    botUserId,
    botId,
    botName,
    appId: options.appId ?? "A0SIMAPP01",
    scopes: options.scopes ?? DEFAULT_SCOPES,
    triggerTtlMs: options.triggerTtlMs ?? 3000,
    responseUrlMaxUses: options.responseUrlMaxUses ?? 5,
    users,
    strictUsers: options.users !== undefined,
    usergroups: new Map((options.usergroups ?? []).map((group) => [group.id, group])),
    baseUrl: "",
  };
}

export interface TriggerState {
  userId?: string;
  mintedAt: number;
  used: boolean;
}

export interface MessageRef {
  kind: "message" | "ephemeral";
  channel: string;
  ts: string;
}

export interface ResponseUrlState {
  context: ResponseUrlContext;
  uses: number;
  mintedAt: number;
  /** What replace_original / delete_original act on; set from the context or by the first post. */
  target?: MessageRef;
}

/** Everything the fake workspace remembers. Methods mutate it; the simulator facade exposes it read-only. */
export class SimState {
  readonly calls = new WaitableList<RecordedCall>((call) => call.method);
  readonly responses = new WaitableList<ResponseUrlPost>((post) => `${post.id}(${post.status})`);
  readonly messages: SimMessage[] = [];
  readonly ephemerals: SimEphemeral[] = [];
  readonly views: SimView[] = [];
  readonly triggers = new Map<string, TriggerState>();
  readonly responseUrls = new Map<string, ResponseUrlState>();
  readonly faults = new FaultQueue();
  readonly clock = new TsClock();
  readonly openedIms = new Set<string>();
  readonly nextViewId = idFactory("V");
  readonly nextTriggerId = triggerIdFactory();
  private readonly nextImId = idFactory("D");
  private readonly nextMpimId = idFactory("G");
  private readonly ims = new Map<string, string>();
  private readonly mpims = new Map<string, string>();

  constructor(readonly config: SimConfig) {}

  /** Stable across reset(), like a real workspace where the IM channel with a user never changes. */
  imFor(userId: string): string {
    let id = this.ims.get(userId);
    if (id === undefined) {
      id = this.nextImId();
      this.ims.set(userId, id);
    }
    return id;
  }

  mpimFor(userIds: string[]): string {
    const key = [...userIds].sort().join(",");
    let id = this.mpims.get(key);
    if (id === undefined) {
      id = this.nextMpimId();
      this.mpims.set(key, id);
    }
    return id;
  }

  userExists(userId: string): boolean {
    return !this.config.strictUsers || this.config.users.has(userId);
  }

  findMessage(channel: string, ts: string): SimMessage | undefined {
    return this.messages.find((m) => m.channel === channel && m.ts === ts);
  }

  findEphemeral(channel: string, ts: string): SimEphemeral | undefined {
    return this.ephemerals.find((m) => m.channel === channel && m.ts === ts);
  }

  mintResponseUrl(context: ResponseUrlContext): string {
    const id = `${this.config.teamId}/${Date.now()}/${randomHex(12)}`;
    const target: MessageRef | undefined =
      context.messageTs !== undefined && context.channel !== undefined
        ? {
            kind: context.ephemeral === true ? "ephemeral" : "message",
            channel: context.channel,
            ts: context.messageTs,
          }
        : undefined;
    this.responseUrls.set(id, { context, uses: 0, mintedAt: Date.now(), target });
    return `${this.config.baseUrl}/response/${id}`;
  }

  mintTriggerId(userId?: string): string {
    const id = this.nextTriggerId();
    this.triggers.set(id, { userId, mintedAt: Date.now(), used: false });
    return id;
  }

  reset(): void {
    this.calls.clear();
    this.responses.clear();
    this.messages.length = 0;
    this.ephemerals.length = 0;
    this.views.length = 0;
    this.triggers.clear();
    this.responseUrls.clear();
    this.faults.clear();
    this.openedIms.clear();
  }
}
