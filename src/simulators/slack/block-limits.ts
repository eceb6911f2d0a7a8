import { ApiError } from "./api-error.js";

/**
 * A few Block Kit limits that real apps trip over (long button values, too many blocks, duplicate
 * block ids). Slack rejects the whole call with invalid_blocks; catching that in tests beats
 * finding it in production. This is not a full schema check.
 */
export const MESSAGE_MAX_BLOCKS = 50;
export const VIEW_MAX_BLOCKS = 100;

const LIMITS = { blockId: 255, actionId: 255, buttonValue: 2000, sectionText: 3000 };

export function checkBlocks(blocks: unknown, maxBlocks: number, pointer = "/blocks"): unknown[] {
  if (!Array.isArray(blocks)) throw new ApiError("invalid_blocks_format");
  const problems: string[] = [];
  if (blocks.length > maxBlocks) problems.push(`no more than ${maxBlocks} items allowed [json-pointer:${pointer}]`);
  const blockIds = new Set<string>();
  blocks.forEach((block: unknown, index) => {
    const at = `${pointer}/${index}`;
    if (!isObject(block) || typeof block.type !== "string") {
      problems.push(`missing required field: type [json-pointer:${at}]`);
      return;
    }
    if (typeof block.block_id === "string") {
      if (blockIds.has(block.block_id)) problems.push(`duplicate block_id [json-pointer:${at}/block_id]`);
      blockIds.add(block.block_id);
      if (block.block_id.length > LIMITS.blockId) problems.push(tooLong(LIMITS.blockId, `${at}/block_id`));
    }
    const text = block.text;
    if (
      block.type === "section" &&
      isObject(text) &&
      typeof text.text === "string" &&
      text.text.length > LIMITS.sectionText
    ) {
      problems.push(tooLong(LIMITS.sectionText, `${at}/text/text`));
    }
    for (const [element, where] of elementsOf(block, at)) checkElement(element, where, problems);
  });
  if (problems.length > 0) {
    throw new ApiError("invalid_blocks", {
      errors: problems,
      response_metadata: { messages: problems.map((p) => `[ERROR] ${p}`) },
    });
  }
  return blocks;
}

function checkElement(element: Record<string, unknown>, at: string, problems: string[]): void {
  if (typeof element.action_id === "string" && element.action_id.length > LIMITS.actionId) {
    problems.push(tooLong(LIMITS.actionId, `${at}/action_id`));
  }
  if (element.type === "button" && typeof element.value === "string" && element.value.length > LIMITS.buttonValue) {
    problems.push(tooLong(LIMITS.buttonValue, `${at}/value`));
  }
}

function elementsOf(block: Record<string, unknown>, at: string): [Record<string, unknown>, string][] {
  const found: [Record<string, unknown>, string][] = [];
  if (Array.isArray(block.elements)) {
    block.elements.forEach((element: unknown, i) => {
      if (isObject(element)) found.push([element, `${at}/elements/${i}`]);
    });
  }
  if (isObject(block.accessory)) found.push([block.accessory, `${at}/accessory`]);
  if (isObject(block.element)) found.push([block.element, `${at}/element`]);
  return found;
}

function tooLong(max: number, pointer: string): string {
  return `must be less than ${max + 1} characters [json-pointer:${pointer}]`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
