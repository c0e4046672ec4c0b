// Draws a layout from graph-layout.js as SVG: nodes coloured by state, edges as curves with arrow heads.
import { h } from "./dom.js";
import { NODE_HEIGHT, NODE_WIDTH, layoutGraph } from "./graph-layout.js";

const PAD = 12;

const ZOOM_STEP = 1.25;
const MAX_ZOOM = 4;
// A card's typical drawing area, for choosing the direction that can be drawn largest when fitted.
const CARD = { width: 560, height: 480 };

/**
 * `tasks`: [{id, needs: [ids]}]; `stateOf(id)` → a state name or null; `href(id)` → a link or null.
 * Returns a figure that fits its card (never drawn larger than life), with zoom buttons and drag-to-pan for large
 * graphs, or an explanation when there are no tasks.
 */
export function graphFigure(tasks, { stateOf = () => null, href = () => null, label = "Task graph" } = {}) {
  if (!tasks.length) return h("p", { class: "muted" }, "No tasks yet: the graph appears when the first task is added.");
  const ids = tasks.map((t) => t.id);
  const links = tasks.flatMap((t) => (t.needs ?? []).map((n) => [n, t.id]));
  const layout = bestLayout(ids, links);
  const width = layout.width + PAD * 2;
  const height = layout.height + PAD * 2;
  // role "group", not "img": an image's children are presentational, and the nodes are links.
  const svg = h("svg", {
    class: "graph", viewBox: `${-PAD} ${-PAD} ${width} ${height}`, preserveAspectRatio: "xMidYMid meet",
    role: "group", "aria-label": label,
  },
  h("defs", {}, h("marker", {
    id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse",
  }, h("path", { d: "M 0 0 L 10 5 L 0 10 z", class: "arrow-head" }))),
  layout.edges.map((edge) => h("path", {
    class: "edge", d: curve(edge.points, layout.direction), "marker-end": "url(#arrow)",
  })),
  layout.nodes.map((node) => nodeGroup(node, stateOf(node.id), href(node.id))));
  const wrap = h("div", { class: "graph-wrap" }, svg);
  return h("figure", { class: "graph-figure" }, zoomControls(svg, wrap, width), wrap);
}

// Fit (the default): as wide as the card allows, at most the drawing's own size. Zoomed: the drawing's size times
// the factor, the card scrolls, and dragging pans it.
function zoomControls(svg, wrap, width) {
  let zoom = null;
  const status = h("span", { class: "graph-zoom-level muted small", "aria-live": "polite" });
  const apply = () => {
    svg.style.width = zoom === null ? "100%" : `${Math.round(width * zoom)}px`;
    svg.style.maxWidth = zoom === null ? `${width}px` : "none";
    wrap.classList.toggle("zoomed", zoom !== null);
    status.textContent = zoom === null ? "fit" : `${Math.round(zoom * 100)} %`;
  };
  const current = () => svg.getBoundingClientRect().width / width || 1;
  const zoomBy = (factor) => {
    zoom = Math.min(MAX_ZOOM, Math.max(0.1, (zoom ?? current()) * factor));
    apply();
  };
  const button = (text, name, action) =>
    h("button", { type: "button", class: "small", "aria-label": name, title: name, onclick: action }, text);
  panByDragging(wrap);
  apply();
  return h("div", { class: "graph-zoom", role: "toolbar", "aria-label": "Graph zoom" },
    button("−", "Zoom out", () => zoomBy(1 / ZOOM_STEP)),
    button("Fit", "Fit the graph to the card", () => { zoom = null; apply(); }),
    button("+", "Zoom in", () => zoomBy(ZOOM_STEP)),
    status);
}

function panByDragging(wrap) {
  let start = null;
  wrap.addEventListener("pointerdown", (event) => {
    if (!wrap.classList.contains("zoomed") || event.button !== 0 || event.target.closest("a")) return;
    start = { x: event.clientX, y: event.clientY, left: wrap.scrollLeft, top: wrap.scrollTop };
    wrap.setPointerCapture(event.pointerId);
  });
  wrap.addEventListener("pointermove", (event) => {
    if (!start) return;
    wrap.scrollLeft = start.left - (event.clientX - start.x);
    wrap.scrollTop = start.top - (event.clientY - start.y);
  });
  const stop = () => { start = null; };
  wrap.addEventListener("pointerup", stop);
  wrap.addEventListener("pointercancel", stop);
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

// Left to right unless that would have to be drawn smaller than top to bottom (a long chain in a narrow card).
function bestLayout(ids, links) {
  const right = layoutGraph(ids, links);
  const fitted = (layout) => Math.min(1, CARD.width / (layout.width + PAD * 2), CARD.height / (layout.height + PAD * 2));
  if (fitted(right) >= 0.75) return right;
  const down = layoutGraph(ids, links, { direction: "down" });
  return fitted(down) > fitted(right) ? down : right;
}

function curve(points, direction) {
  let d = `M ${points[0][0]} ${points[0][1]}`;
  for (let i = 1; i < points.length; i++) {
    const [x0, y0] = points[i - 1];
    const [x1, y1] = points[i];
    if (direction === "down") {
      const mid = (y0 + y1) / 2;
      d += ` C ${x0} ${mid}, ${x1} ${mid}, ${x1} ${y1}`;
    } else {
      const mid = (x0 + x1) / 2;
      d += ` C ${mid} ${y0}, ${mid} ${y1}, ${x1} ${y1}`;
    }
  }
  return d;
}
