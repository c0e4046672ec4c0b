// The workflow page's graph card: the draft's (or file's) graph, or, with a run picked, the graph of the version
// that run used with each node coloured by its state and linked to its task.
import { get, seg } from "../api.js";
import { formatTime, h, replace } from "../dom.js";
import { graphFigure } from "../graph-view.js";
import { graphTasks } from "./task-graph.js";

/** The card for workflow `id`; `plainLabel` names the uncoloured graph ("draft" or "file"); `followLatest` picks
 * the newest run whenever the runs change, until the user picks something else. */
export function graphCard(id, { plainLabel, followLatest }) {
  const box = h("div", { id: "graph" });
  const select = h("select", { id: "graph-run", "aria-label": "Colour the graph by the states of a run" },
    h("option", { value: "" }, plainLabel));
  let chosen = "";
  let userPicked = false;
  let drawPlain = () => {};
  select.addEventListener("change", () => {
    chosen = select.value;
    userPicked = true;
    draw();
  });

  async function draw() {
    if (!chosen) {
      drawPlain();
      return;
    }
    const run = chosen;
    const graph = await get(`/workflows/${seg(id)}/graph?run_id=${run}`);
    if (run !== chosen) return;
    const states = new Map(graph.nodes.map((node) => [node.id, node.state ?? null]));
    replace(box, graphFigure(graphTasks(graph), {
      stateOf: (task) => states.get(task) ?? null,
      href: (task) => `#/jobs/${run}/tasks/${seg(task)}`,
      label: `Graph of run ${run}`,
    }));
  }

  return {
    element: h("section", { class: "card" },
      h("div", { class: "section-head" }, h("h2", {}, "Graph"),
        h("label", { class: "check small graph-pick" }, "States of", select)),
      box),
    box,
    /** How to draw the graph without a run (called now when no run is picked). */
    setPlain(draw) {
      drawPlain = draw;
      if (!chosen) draw();
    },
    /** The runs to pick from (newest first); redraws the picked run's states. */
    async setRuns(runs) {
      if (followLatest && !userPicked && runs.length) chosen = String(runs[0].id);
      replace(select, h("option", { value: "" }, plainLabel), runs.map((run) =>
        h("option", { value: run.id, selected: String(run.id) === chosen },
          `run #${run.id}, ${run.state.replaceAll("_", " ")}, ${formatTime(run.logical_date)}`)));
      select.value = chosen;
      if (chosen) await draw();
    },
  };
}
