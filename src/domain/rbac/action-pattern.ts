// Azure RBAC action patterns: case-insensitive, anchored, `*` matches any run of characters
// (slashes included, so "Microsoft.Network/*/read" also covers nested types).
//
// A required action may itself contain `*` (Defender's ".../jitNetworkAccessPolicies/*/read").
// Such a requirement means "every action of that shape", so:
//  - a grant must COVER it: every action the required pattern matches must match the grant;
//  - a notAction or deny pattern excludes it as soon as the two could match one common action.
// Both answers err towards "not allowed" when patterns only partly agree.

const normalize = (pattern: string): string => pattern.toLowerCase();

/**
 * Glob match where only `pattern` has wildcards; a `*` in `text` is an ordinary character that
 * only a pattern `*` can absorb. Greedy with one backtrack point, so O(n·m) at worst.
 */
function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] === "*") {
      starP = p++;
      starT = t;
    } else if (p < pattern.length && pattern[p] === text[t] && text[t] !== "*") {
      p++;
      t++;
    } else if (starP >= 0) {
      p = starP + 1;
      t = ++starT;
    } else {
      return false;
    }
  }
  while (p < pattern.length && pattern[p] === "*") p++;
  return p === pattern.length;
}

/** Does `pattern` (from a role or deny assignment) match the concrete `action`? */
export function actionMatches(pattern: string, action: string): boolean {
  return globMatch(normalize(pattern), normalize(action));
}

/**
 * Is every action matching `required` also matched by `grant`? Treating the required pattern's `*`
 * as an opaque symbol that only a grant `*` may consume makes this exact for the unbounded action
 * alphabet Azure uses, and never answers "covered" wrongly.
 */
export function patternCovers(grant: string, required: string): boolean {
  return globMatch(normalize(grant), normalize(required));
}

/** Could one action match both patterns? Decided exactly by walking both patterns together. */
export function patternsOverlap(a: string, b: string): boolean {
  const x = normalize(a);
  const y = normalize(b);
  // seen[i][j]: suffixes x[i..], y[j..] were already explored without finding a common string.
  const seen = Array.from({ length: x.length + 1 }, () => new Array<boolean>(y.length + 1).fill(false));
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop() as [number, number];
    const row = seen[i];
    if (row === undefined || row[j] === true) continue;
    row[j] = true;
    if (i === x.length && j === y.length) return true;
    const xi = x[i];
    const yj = y[j];
    if (xi === "*") {
      stack.push([i + 1, j]);
      if (j < y.length) stack.push([i, j + 1]);
    }
    if (yj === "*") {
      stack.push([i, j + 1]);
      if (i < x.length) stack.push([i + 1, j]);
    }
    if (xi !== undefined && xi !== "*" && yj !== undefined && yj !== "*" && xi === yj) stack.push([i + 1, j + 1]);
  }
  return false;
}
