// Draws a layout from graph-layout.js as SVG: nodes coloured by state, edges as curves with arrow heads.
import { h } from "./dom.js";
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from "./graph-layout.js";

const PAD = 12;

/**
 * `tasks`: [{id, needs: [ids]}]; `stateOf(id)` → a state name or null; `href(id)` → a link or null.
 * Returns a scrollable figure, or an explanation when there are no tasks.
 */
export function graphFigure(tasks, { stateOf = () => null, href = () => null, label = "Task graph" } = {}) {
  if (!tasks.length) return h("p", { class: "muted" }, "No tasks yet: the graph appears when the first task is added.");
  const layout = layoutGraph(tasks.map((t) => t.id), tasks.flatMap((t) => (t.needs ?? []).map((n) => [n, t.id])));
  const width = layout.width + PAD * 2;
  const height = layout.height + PAD * 2;
  const svg = h("svg", {
    class: "graph", viewBox: `${-PAD} ${-PAD} ${width} ${height}`, width, height, role: "img", "aria-label": label,
  },
  h("defs", {}, h("marker", {
    id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse",
  }, h("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" }))),
  layout.edges.map((edge) => h("path", { class: "edge", d: curve(edge.points), "marker-end": "url(#arrow)" })),
  layout.nodes.map((node) => nodeGroup(node, stateOf(node.id), href(node.id))));
  return h("div", { class: "graph-wrap" }, svg);
}

function nodeGroup(node, state, link) {
  const name = node.id.length > 22 ? `${node.id.slice(0, 21)}…` : node.id;
  const group = h("g", { class: `node state-${state ?? "none"}`, transform: `translate(${node.x} ${node.y})`,
      "data-task": node.id },
    h("title", {}, state ? `${node.id}: ${state.replaceAll("_", " ")}` : node.id),
    h("rect", { width: NODE_WIDTH, height: NODE_HEIGHT, rx: 6 }),
    h("text", { x: 12, y: NODE_HEIGHT / 2 + 5 }, name));
  return link ? h("svg:a", { href: link, "aria-label": `${node.id}${state ? `, ${state}` : ""}` }, group) : group;
}

function curve(points) {
  let d = `M ${points[0][0]} ${points[0][1]}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    const mid = (x0 + x1) / 2;
    d += ` C ${mid} ${y0}, ${mid} ${y1}, ${x1} ${y1}`;
  }
  return d;
}
