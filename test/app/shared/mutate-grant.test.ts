import { describe, expect, it } from "vitest";

import { keepMessages, MESSAGE_LIMIT } from "../../../src/app/shared/mutate-grant.js";
import type { PostedMessage } from "../../../src/domain/grant/grant.js";

const posted = (purpose: PostedMessage["purpose"], n: number): PostedMessage[] =>
  Array.from({ length: n }, (_, i) => ({ channel: `C${purpose}`, ts: `${i}.0`, purpose }));

describe("keepMessages", () => {
  it("keeps every message while there are few", () => {
    const few = posted("requester", MESSAGE_LIMIT);
    expect(keepMessages(few)).toBe(few);
  });

  it("drops the oldest notices first and keeps approvers' cards, in their order", () => {
    const messages = [...posted("approval", 4), ...posted("requester", 10), ...posted("notice", 6)];
    const kept = keepMessages(messages);
    expect(kept).toHaveLength(MESSAGE_LIMIT);
    expect(kept.filter((m) => m.purpose === "approval")).toHaveLength(4);
    expect(kept.filter((m) => m.purpose === "requester").map((m) => m.ts)).toEqual([
      "4.0",
      "5.0",
      "6.0",
      "7.0",
      "8.0",
      "9.0",
    ]);
    expect(kept).toEqual(messages.filter((m) => kept.includes(m)));
  });

  it("drops approvers' oldest cards too when they alone are too many", () => {
    const kept = keepMessages(posted("approval", MESSAGE_LIMIT + 3));
    expect(kept.map((m) => m.ts)[0]).toBe("3.0");
  });
});
