import { renderTimelineChart, type TimelineChart, type TimelineChartInput } from "./timeline-chart.js";

/** The worker side of renderTimelineChartOffThread: one picture per task. */
export default async function renderInWorker(input: TimelineChartInput): Promise<TimelineChart> {
  return renderTimelineChart(input);
}

/** Nothing to do: loading this module (Vega, Vega-Lite, resvg) is the warm-up. */
export function warmUp(): boolean {
  return true;
}
