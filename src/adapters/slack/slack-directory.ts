import type { webApi } from "@slack/bolt";

import type { ChatInstallation, ChatUser, Directory } from "../../domain/ports/directory.port.js";
import { ExpiringMap } from "../../domain/time/expiring-map.js";

type WebClient = webApi.WebClient;

const TTL_MS = 5 * 60_000;
/** Users, addresses and groups asked about within TTL_MS; more than this and the oldest go. */
const MAX_ENTRIES = 10_000;

/** The user fields of users.info / users.lookupByEmail that decide whether an email is trusted. */
interface SlackUserWire {
  id?: string;
  team_id?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  is_email_confirmed?: boolean;
  enterprise_user?: { enterprise_id?: string };
  profile?: { email?: string };
}

/** Missing flags count against the user: an email is trusted only when Slack says so explicitly. */
export function chatUserFrom(user: SlackUserWire): ChatUser {
  return {
    id: user.id ?? "",
    ...(user.profile?.email ? { email: user.profile.email } : {}),
    emailConfirmed: user.is_email_confirmed === true,
    deleted: user.deleted === true,
    bot: user.is_bot === true,
    restricted: user.is_restricted === true,
    ultraRestricted: user.is_ultra_restricted === true,
    stranger: user.is_stranger === true,
    ...(user.team_id ? { teamId: user.team_id } : {}),
    ...(user.enterprise_user?.enterprise_id ? { enterpriseId: user.enterprise_user.enterprise_id } : {}),
  };
}

const slackError = (error: unknown): string | undefined => (error as { data?: { error?: string } }).data?.error;

/** Slack users and user groups, cached briefly: approval lists are read on every request. */
export class SlackDirectory implements Directory {
  private readonly cache: ExpiringMap<string, { value: unknown }>;

  constructor(
    private readonly client: WebClient,
    now: () => number = Date.now,
  ) {
    this.cache = new ExpiringMap(TTL_MS, MAX_ENTRIES, now);
  }

  private async cached<T>(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.cache.get(key);
    if (hit) return hit.value as T;
    const value = await load();
    this.cache.set(key, { value });
    return value;
  }

  user(userId: string): Promise<ChatUser | undefined> {
    return this.cached(`user:${userId}`, async () => {
      try {
        const info = await this.client.users.info({ user: userId });
        return info.user ? chatUserFrom(info.user as SlackUserWire) : undefined;
      } catch (error) {
        if (slackError(error) === "user_not_found") return undefined;
        throw error;
      }
    });
  }

  userByEmail(email: string): Promise<ChatUser | undefined> {
    return this.cached(`email:${email.toLowerCase()}`, async () => {
      try {
        const found = await this.client.users.lookupByEmail({ email });
        return found.user ? chatUserFrom(found.user as SlackUserWire) : undefined;
      } catch (error) {
        if (slackError(error) === "users_not_found") return undefined;
        throw error;
      }
    });
  }

  installation(): Promise<ChatInstallation> {
    return this.cached("installation", async () => {
      const auth = await this.client.auth.test();
      if (!auth.team_id) throw new Error("auth.test did not name the workspace ajar is installed in");
      return { teamId: auth.team_id, ...(auth.enterprise_id ? { enterpriseId: auth.enterprise_id } : {}) };
    });
  }

  timeZoneOf(userId: string): Promise<string | undefined> {
    return this.cached(
      `tz:${userId}`,
      async () => (await this.client.users.info({ user: userId })).user?.tz ?? undefined,
    );
  }

  usergroupMembers(usergroupId: string): Promise<string[]> {
    return this.cached(`group:${usergroupId}`, async () => {
      const result = await this.client.usergroups.users.list({ usergroup: usergroupId });
      return result.users ?? [];
    });
  }
}
