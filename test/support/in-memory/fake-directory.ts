import type { ChatInstallation, ChatUser, Directory } from "../../../src/domain/ports/directory.port.js";

export const TEAM_ID = "T0AJAR001";

/** The Slack workspace: its members (confirmed emails, full members unless told otherwise) and user groups. */
export class FakeDirectory implements Directory {
  private readonly users = new Map<string, ChatUser>();
  private readonly groups = new Map<string, string[]>();

  addUser(id: string, email: string, overrides: Partial<ChatUser> = {}): void {
    this.users.set(id, {
      id,
      email,
      emailConfirmed: true,
      deleted: false,
      bot: false,
      restricted: false,
      ultraRestricted: false,
      stranger: false,
      teamId: TEAM_ID,
      ...overrides,
    });
  }

  setGroup(id: string, members: string[]): void {
    this.groups.set(id, [...members]);
  }

  async user(userId: string): Promise<ChatUser | undefined> {
    const user = this.users.get(userId);
    return user ? { ...user } : undefined;
  }

  async userByEmail(email: string): Promise<ChatUser | undefined> {
    const user = [...this.users.values()].find((u) => u.email?.toLowerCase() === email.toLowerCase());
    return user ? { ...user } : undefined;
  }

  async installation(): Promise<ChatInstallation> {
    return { teamId: TEAM_ID };
  }

  async usergroupMembers(usergroupId: string): Promise<string[]> {
    return [...(this.groups.get(usergroupId) ?? [])];
  }
}
