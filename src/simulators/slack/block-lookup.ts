import { isObject } from "./block-limits.js";

export interface FoundElement {
  blockId: string | undefined;
  element: Record<string, unknown>;
}

/**
 * Finds the interactive element with this action_id in a message's or view's blocks, so a
 * simulated click carries the block_id, value and text the app actually rendered.
 */
export function findElement(blocks: readonly unknown[] | undefined, actionId: string): FoundElement | undefined {
  for (const block of blocks ?? []) {
    if (!isObject(block)) continue;
    const candidates = [...(Array.isArray(block.elements) ? block.elements : []), block.accessory, block.element];
    for (const element of candidates) {
      if (isObject(element) && element.action_id === actionId) {
        return { blockId: typeof block.block_id === "string" ? block.block_id : undefined, element };
      }
    }
  }
  return undefined;
}
