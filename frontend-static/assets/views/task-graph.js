// The tasks and dependencies of the workflow version a run used, for drawing its graph.
import { get, seg } from "../api.js";

/** `[{id, needs}]` for a run, from `GET /workflows/{id}/graph?run_id=`; its tasks unconnected if that fails. */
export async function loadTaskGraph(job) {
  try {
    return graphTasks(await get(`/workflows/${seg(job.workflow_id)}/graph?run_id=${job.id}`));
  } catch {
    // The workflow may be gone (deleted); its run still shows, without edges.
    return job.task_instances.map((ti) => ({ id: ti.task_id, needs: [] }));
  }
}

/** A graph response (`nodes`, `edges: [{from, to}]`) → `[{id, needs}]`. */
export function graphTasks(graph) {
  const needs = new Map(graph.nodes.map((node) => [node.id, []]));
  for (const edge of graph.edges) needs.get(edge.to)?.push(edge.from);
  return graph.nodes.map((node) => ({ id: node.id, needs: needs.get(node.id) }));
}
