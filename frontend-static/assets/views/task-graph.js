// The tasks and dependencies of the workflow a run belongs to, for drawing its graph.
import { get, seg } from "../api.js";

/** `[{id, needs}]` for a run: the workflow's draft dependencies when it has them, else its tasks unconnected. */
export async function loadTaskGraph(job) {
  const names = job.task_instances.map((ti) => ti.task_id);
  try {
    const workflow = await get(`/workflows/${seg(job.workflow_id)}`);
    if (workflow.tasks?.length) {
      const needs = new Map(workflow.tasks.map((task) => [task.name, task.dependencies]));
      return names.map((name) => ({ id: name, needs: needs.get(name) ?? [] }));
    }
  } catch {
    // The workflow may be gone (deleted); its run still shows, without edges.
  }
  return names.map((name) => ({ id: name, needs: [] }));
}
