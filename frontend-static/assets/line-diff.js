// A unified line diff (longest common subsequence), for sources the API stores as one line of compact JSON: the UI
// pretty-prints both versions with sorted keys and diffs those lines instead.

/** `value` as indented JSON with object keys sorted, so equal definitions give equal text. */
export function canonicalJSON(value) {
  const sort = (v) => Array.isArray(v) ? v.map(sort)
    : v && typeof v === "object" ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
  return JSON.stringify(sort(value), null, 2);
}

/** The unified diff of two texts with `context` lines around each change, or null when they are too long to diff
 * here (more than 4 million line pairs). */
export function unifiedDiff(oldText, newText, { from = "old", to = "new", context = 3 } = {}) {
  const a = oldText.split("\n");
  const b = newText.split("\n");
  if (a.length * b.length > 4_000_000) return null;
  // lcs[i][j]: the length of the longest common subsequence of a[i…] and b[j…].
  const lcs = Array.from({ length: a.length + 1 }, () => new Uint32Array(b.length + 1));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) ops.push([" ", a[i++], j++]);
    else if (i < a.length && (j === b.length || lcs[i + 1][j] >= lcs[i][j + 1])) ops.push(["-", a[i++]]);
    else ops.push(["+", b[j++]]);
  }
  if (!ops.some(([kind]) => kind !== " ")) return "";
  const lines = [`--- ${from}`, `+++ ${to}`];
  let index = 0;
  while (index < ops.length) {
    const change = ops.findIndex((op, k) => k >= index && op[0] !== " ");
    if (change < 0) break;
    const start = Math.max(index, change - context);
    let end = change;
    // Extend the hunk while the next change is within 2 × context lines.
    for (let k = change; k < ops.length; k++) {
      if (ops[k][0] !== " ") end = k;
      else if (k - end > 2 * context) break;
    }
    end = Math.min(ops.length - 1, end + context);
    const slice = ops.slice(start, end + 1);
    const oldStart = ops.slice(0, start).filter(([kind]) => kind !== "+").length + 1;
    const newStart = ops.slice(0, start).filter(([kind]) => kind !== "-").length + 1;
    const oldCount = slice.filter(([kind]) => kind !== "+").length;
    const newCount = slice.filter(([kind]) => kind !== "-").length;
    lines.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
    for (const [kind, text] of slice) lines.push(kind + text);
    index = end + 1;
  }
  return lines.join("\n");
}
