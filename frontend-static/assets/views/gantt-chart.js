// A Gantt chart of a run's tries: one row per task, one bar per try, on a shared time axis.
import { formatDuration, h, seconds } from "../dom.js";

/** The chart for a run detail (`tries`), or a sentence when nothing has started. */
export function ganttChart(job) {
  const tries = (job.tries ?? []).filter((t) => t.started_at);
  if (!tries.length) return h("p", { class: "muted" }, "No try has started yet.");
  const start = Math.min(...tries.map((t) => new Date(t.started_at).getTime()));
  const end = Math.max(...tries.map((t) => (t.ended_at ? new Date(t.ended_at) : new Date()).getTime()));
  const span = Math.max(1, end - start);
  const tasks = [...new Set(job.task_instances.map((ti) => ti.task_id))];
  return h("div", { class: "gantt", role: "list", "aria-label": `Timeline, ${formatDuration(span / 1000)} in all` },
    tasks.map((task) => h("div", { class: "gantt-row", role: "listitem" },
      h("span", { class: "gantt-label", title: task }, task),
      h("span", { class: "gantt-track" }, tries.filter((t) => t.task_id === task).map((t) => {
        const left = ((new Date(t.started_at).getTime() - start) / span) * 100;
        const width = Math.max(0.8, ((t.ended_at ? new Date(t.ended_at).getTime() : end) - new Date(t.started_at)
          .getTime()) / span * 100);
        const label = `${task} try ${t.try_number}: ${t.state}, ${formatDuration(seconds(t.started_at, t.ended_at))}`;
        return h("span", { class: `gantt-bar state-${t.state}`, style: `left: ${left}%; width: ${width}%`,
          title: label, "aria-label": label });
      })))),
    h("div", { class: "gantt-axis muted small" }, h("span", {}, "0 s"), h("span", {}, formatDuration(span / 1000))));
}
