import type { AnswerModel } from "./answer-model.js";

/** Fitted by `npx tsx bench/qa/fit-decision.ts --write` on the tune split; `--check` refits and compares. */
export const ANSWER_MODEL: AnswerModel = {
  features: ["coverage", "focusMissing"],
  mean: [0.687129, 0.308271],
  scale: [0.200332, 0.461779],
  weights: [0.795199, -0.446214],
  intercept: -0.02794,
  threshold: 0.325,
  l2: 0.1,
};
