/** The picture's colour schemes; kept apart from the renderer so choosing one loads no charting code. */
export type ChartTheme = "light" | "dark";
export const CHART_THEMES: readonly ChartTheme[] = ["light", "dark"];
