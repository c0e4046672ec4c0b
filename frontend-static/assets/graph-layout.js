// A layered (Sugiyama-style) layout of a DAG, pure: no DOM. Longest-path layering from the sources, dummy nodes on
// edges that span layers, barycentre ordering sweeps to reduce crossings, then coordinates left to right (or top
// to bottom: a long chain fits a narrow card that way).

export const NODE_WIDTH = 170;
export const NODE_HEIGHT = 36;
const GAP_X = 70;
const GAP_Y = 18;
// Top to bottom: layers one node height plus a gap apart, nodes of a layer side by side.
const GAP_DOWN_X = 24;
const GAP_DOWN_Y = 34;
const SWEEPS = 8;

/**
 * `nodes`: ids in declaration order; `edges`: [from, to] pairs (unknown ids ignored, cycles tolerated).
 * `direction`: "right" (layers left to right) or "down" (layers top to bottom).
 * Returns `{nodes: [{id, layer, x, y}], edges: [{from, to, points: [[x, y], …]}], width, height, direction}`.
 */
export function layoutGraph(nodes, edges, { direction = "right" } = {}) {
  const ids = [...new Set(nodes)];
  const known = new Set(ids);
  const links = edges.filter(([from, to]) => known.has(from) && known.has(to) && from !== to);
  const layer = assignLayers(ids, links);
  const { order, chains } = insertDummies(ids, links, layer);
  reduceCrossings(order, chains);
  return place(order, chains, layer, direction);
}

/** Longest path from the sources (Kahn's order); nodes on a cycle go one layer below everything else. */
export function assignLayers(ids, links) {
  const incoming = new Map(ids.map((id) => [id, []]));
  const outgoing = new Map(ids.map((id) => [id, []]));
  for (const [from, to] of links) {
    incoming.get(to).push(from);
    outgoing.get(from).push(to);
  }
  const remaining = new Map(ids.map((id) => [id, incoming.get(id).length]));
  const layer = new Map();
  const ready = ids.filter((id) => remaining.get(id) === 0);
  for (const id of ready) layer.set(id, 0);
  while (ready.length) {
    const id = ready.shift();
    for (const next of outgoing.get(id)) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id) + 1));
      remaining.set(next, remaining.get(next) - 1);
      if (remaining.get(next) === 0) ready.push(next);
    }
  }
  const deepest = Math.max(-1, ...layer.values());
  for (const id of ids) if (!layer.has(id) || remaining.get(id) > 0) layer.set(id, deepest + 1);
  return layer;
}

function insertDummies(ids, links, layer) {
  const layers = Math.max(0, ...layer.values()) + 1;
  const order = Array.from({ length: layers }, () => []);
  for (const id of ids) order[layer.get(id)].push({ id, dummy: false });
  const chains = [];
  for (const [from, to] of links) {
    const start = layer.get(from);
    const end = layer.get(to);
    const chain = [{ layer: start, key: from }];
    if (end > start) {
      for (let l = start + 1; l < end; l++) {
        const key = `\u0000${from}\u0000${to}\u0000${l}`;
        order[l].push({ id: key, dummy: true });
        chain.push({ layer: l, key });
      }
    }
    chain.push({ layer: end, key: to });
    chains.push({ from, to, chain });
  }
  return { order, chains };
}

/** Barycentre sweeps, down then up, keeping the best ordering seen (fewest crossings). */
function reduceCrossings(order, chains) {
  const up = new Map();
  const down = new Map();
  for (const { chain } of chains) {
    for (let i = 0; i + 1 < chain.length; i++) {
      const a = chain[i].key;
      const b = chain[i + 1].key;
      if (!down.has(a)) down.set(a, []);
      if (!up.has(b)) up.set(b, []);
      down.get(a).push(b);
      up.get(b).push(a);
    }
  }
  let best = order.map((row) => [...row]);
  let bestCrossings = countCrossings(order, down);
  for (let sweep = 0; sweep < SWEEPS && bestCrossings > 0; sweep++) {
    const downward = sweep % 2 === 0;
    const range = downward ? [...order.keys()].slice(1) : [...order.keys()].reverse().slice(1);
    for (const l of range) {
      const reference = order[downward ? l - 1 : l + 1];
      const neighbours = downward ? up : down;
      sortByBarycentre(order[l], reference, neighbours);
    }
    const crossings = countCrossings(order, down);
    if (crossings < bestCrossings) {
      bestCrossings = crossings;
      best = order.map((row) => [...row]);
    }
  }
  for (let l = 0; l < order.length; l++) order[l] = best[l];
}

function sortByBarycentre(row, reference, neighbours) {
  const position = new Map(reference.map((node, index) => [node.id, index]));
  const keyed = row.map((node, index) => {
    const around = (neighbours.get(node.id) ?? []).map((id) => position.get(id)).filter((p) => p !== undefined);
    const centre = around.length ? around.reduce((a, b) => a + b, 0) / around.length : index;
    return { node, centre, index };
  });
  keyed.sort((a, b) => a.centre - b.centre || a.index - b.index);
  keyed.forEach((entry, index) => { row[index] = entry.node; });
}

/** Crossings between adjacent layers: pairs of edges whose ends are in opposite order. */
export function countCrossings(order, down) {
  let total = 0;
  for (let l = 0; l + 1 < order.length; l++) {
    const position = new Map(order[l + 1].map((node, index) => [node.id, index]));
    const segments = [];
    order[l].forEach((node, index) => {
      for (const next of down.get(node.id) ?? []) {
        if (position.has(next)) segments.push([index, position.get(next)]);
      }
    });
    for (let i = 0; i < segments.length; i++) {
      for (let j = i + 1; j < segments.length; j++) {
        const [a1, b1] = segments[i];
        const [a2, b2] = segments[j];
        if ((a1 - a2) * (b1 - b2) < 0) total++;
      }
    }
  }
  return total;
}

function place(order, chains, layer, direction) {
  const down = direction === "down";
  const step = down ? NODE_HEIGHT + GAP_DOWN_Y : NODE_WIDTH + GAP_X;
  const across = down ? NODE_WIDTH + GAP_DOWN_X : NODE_HEIGHT + GAP_Y;
  const gap = down ? GAP_DOWN_X : GAP_Y;
  const widest = Math.max(1, ...order.map((row) => row.length));
  const span = widest * across - gap;
  const point = new Map();
  order.forEach((row, l) => {
    const offset = (span - (row.length * across - gap)) / 2;
    row.forEach((node, index) => {
      const along = l * step;
      const side = offset + index * across;
      point.set(node.id, down ? { x: side, y: along } : { x: along, y: side });
    });
  });
  const nodes = order.flat().filter((node) => !node.dummy).map((node) => ({
    id: node.id, layer: layer.get(node.id), ...point.get(node.id),
  }));
  const edges = chains.map(({ from, to, chain }) => {
    const points = chain.map(({ key }, index) => {
      const p = point.get(key);
      const isDummy = index > 0 && index < chain.length - 1;
      if (isDummy) return [p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT / 2];
      if (down) return index === 0 ? [p.x + NODE_WIDTH / 2, p.y + NODE_HEIGHT] : [p.x + NODE_WIDTH / 2, p.y];
      return index === 0 ? [p.x + NODE_WIDTH, p.y + NODE_HEIGHT / 2] : [p.x, p.y + NODE_HEIGHT / 2];
    });
    return { from, to, points };
  });
  const length = order.length * step - (down ? GAP_DOWN_Y : GAP_X);
  return down
    ? { nodes, edges, width: span, height: length, direction }
    : { nodes, edges, width: length, height: span, direction };
}
