/** The shapes of `bench/qa/<set>.json` and `extra-judgements.json`. */
export interface Judged {
  report: string;
  quote: string;
}
export interface Question {
  id: string;
  question: string;
  type: "answerable" | "offtopic";
  tags?: string[];
  answers: Judged[];
}
export interface QuestionSet {
  corpus: string;
  questions: Question[];
}
export interface ExtraJudgement extends Judged {
  set: string;
  id: string;
  "judged-by": string;
  /** False for a passage read and judged not to answer: recorded, never a hit. */
  answers?: boolean;
  note?: string;
}
