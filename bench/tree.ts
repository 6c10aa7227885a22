/**
 * Another checkout of the project (given by its root), for the benches that run two trees side by
 * side: its own modules, imported from its sources (or, `built`, from its `npm run build` output,
 * whose profiles keep the sources' line numbers), and the benchmark questions.
 */
import path from "node:path";

export async function treeModules(root: string, built = false) {
  const from = (file: string) => path.resolve(root, file);
  const source = (module: string) => (built ? from(`dist/src/${module}.js`) : from(`src/${module}.ts`));
  // Sets FOLLOW_EXTERNAL_LINKS: the benchmark corpora are folders of links into the dataset.
  const corpora = (await import(from("bench/corpora.ts"))) as typeof import("./corpora.js");
  const { openCorpus, warmUpIndex } = (await import(source("sitrep"))) as typeof import("../src/sitrep.js");
  const { answerQuestion } = (await import(source("search/answer"))) as typeof import("../src/search/answer.js");
  const { questionMix, TIMELINE17_QUESTIONS } = (await import(
    from("bench/questions.ts")
  )) as typeof import("./questions.js");
  const { largeCorpus } = (await import(from("bench/large-corpus.ts"))) as typeof import("./large-corpus.js");
  return {
    openCorpus,
    /** The warm-up a running bot does after start (spelling map, throwaway questions, date mentions), as `bench/measure.ts` times it. */
    warmUpIndex,
    answerQuestion,
    largeCorpus,
    TIMELINE17_DIR: corpora.TIMELINE17_DIR,
    /** `bench/measure.ts`'s questions: 300 at the Timeline17 size, 100 at a million passages. */
    questions: (count: number) => questionMix(TIMELINE17_QUESTIONS, ["2010", "June 2010", "May 2009"], count),
  };
}

/**
 * The tree's Timeline17 index started from the snapshot `bench/first-pass.ts` keeps in `dataDir`
 * (its corpus folder of links is there too) and warmed up as a running bot is: a question
 * answerer over it, and the 300 benchmark questions.
 */
export async function warmTimeline17(root: string, dataDir: string, built = false) {
  const tree = await treeModules(root, built);
  const opened = await tree.openCorpus({ corpusDir: path.join(dataDir, "timeline17"), dataDir });
  if (!opened.fromSnapshot) throw new Error(`no snapshot in ${dataDir}: run bench/first-pass.ts with it first`);
  await tree.warmUpIndex(opened.index);
  return {
    ask: (question: string) => tree.answerQuestion(opened.index, question, { limit: 5 }),
    questions: tree.questions(300),
  };
}
