import type { QuoteModel } from "./quote-model.js";

/** Fitted by `npx tsx bench/timeline17/fit-quote.ts --write` on the tune split; `--check` refits and compares. */
export const QUOTE_MODEL: QuoteModel = {
  features: [
    "logCentroid",
    "lengthFit",
    "names",
    "logPosition",
    "unrealised",
    "question",
    "caption",
    "plainCentroid",
    "leadCentroid",
    "nextDay",
  ],
  mean: [-1.729654, 0.935315, 0.184488, 1.808877, 0.242803, 0.024182, 0.001563, 0.251277, 0.166891, 0.41775],
  scale: [0.509853, 0.096132, 0.387881, 0.872845, 0.428777, 0.153613, 0.039501, 0.136773, 0.099078, 0.493188],
  weights: [-0.278057, 0.085242, 0.428483, -0.161746, -0.082477, 0.001274, -0.104692, 0.65466, 0.406226, -0.089558],
  intercept: -2.877644,
  l2: 0.1,
};
