/** What ajar asks the chat workspace about people. */
export interface Directory {
  emailOf(userId: string): Promise<string | undefined>;
  usergroupMembers(usergroupId: string): Promise<string[]>;
}
