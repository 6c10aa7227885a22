/**
 * The question sets' questions as people type them in a chat: wrapped in a greeting, a request
 * ("can you tell me …"), thanks or a line of context. `npm run eval:qa -- --chatty` asks every
 * question once in each frame, to measure whether the wrapping changes the answer.
 *
 * The frames are written by the same hand as the rules that read them
 * (src/search/request-frame.ts), so each new set is held out for one run, then becomes dev:
 * - the first ten were written before the rules, which were tuned on them;
 * - the next ten were run once as held out (hit@1 0.55 on tune questions where the dev frames had
 *   0.70: "Sorry if this was asked already.", "… asap" and "ok so …" were not read), then taught;
 * - the third ten were run once as held out (0.64 on tune questions, 0.50 on held-out questions:
 *   "Just curious - …" was not read, 0.09), then taught;
 * - the fourth ten were run once as held out in session 21 (0.63 on tune questions, 0.51 on
 *   held-out questions: "… cheers" and "Would you happen to know …?" were not read), then taught in
 *   session 22;
 * - the fifth ten were written in session 22 and run once as held out (0.22 at rank 1 on tune
 *   questions, 0.23 on held-out questions: a lead in words no list held, "Hey folks, quick one:",
 *   "Need to know", "lol ok so", "Bit of a random one, but", and words after the question mark),
 *   then taught (request-frame.ts: a lead before the question word, what follows a question mark,
 *   a closing aside, a bot command);
 * - the sixth ten were written after those rules and run once as held out (0.50 on tune questions,
 *   0.41 on held-out questions: "Im" and "My" at a lead's head were read as names, "Does the bot
 *   know", "… ?? anyone?", "I'm trying to find out", "my editor wants to know"), then taught;
 * - the seventh ten were written after those rules and run once as held out in session 22 (0.44
 *   on tune questions, 0.39 on held-out questions), then became dev in session 23;
 * - the eighth ten were written in session 23 before any rule read the seventh ten, and run once as
 *   held out after those rules (0.59 on tune questions, 0.46 on held-out questions; "Can I ask
 *   something? …" 0.09), then taught;
 * - the ninth ten were written in session 23 after the eighth ten's first run and before any rule
 *   read it, and run once as held out after those rules (0.44 on tune questions, 0.37 on held-out
 *   questions: "Heya sitrep!", "Hmm," and "FYI I'm on the night desk." near 0), then taught;
 * - the tenth ten were written in session 23 after the ninth ten's first run and before any rule
 *   read it, and run once as held out after those rules (0.56 on tune questions, 0.44 on held-out
 *   questions), then taught in session 24;
 * - the eleventh ten were written in session 24 before any rule read the tenth ten, and run once
 *   as held out after those rules (0.67 on tune questions, 0.54 on held-out questions: "Need a
 *   source for this:" and "Question for the bot —" lost most), then taught;
 * - the twelfth ten were written in session 24 after the eleventh ten's first run and before any
 *   rule read it, and run once as held out after those rules (0.64 on tune questions, 0.52 on
 *   held-out questions: "Alright team," and "Asking for my editor:" lost most), then taught;
 * - the thirteenth ten were written in session 24 after the twelfth ten's first run and before any
 *   rule read it, and run once as held out after those rules (0.57 on tune questions, 0.50 on
 *   held-out questions: "Curious whether you know …" 0.05, "Ok final question from me:" 0.30),
 *   then taught;
 * - the fourteenth ten were written in session 24 after the thirteenth ten's first run and before
 *   any rule read it, and run once as held out after those rules (0.64 on tune questions, 0.52 on
 *   held-out questions: "Do you have anything on …" 0.52 and 0.43), then taught;
 * - the last ten ("held-out") were written in session 24 after the fourteenth ten's first run and
 *   before any rule read it, and run once as held out after those rules (0.64 on tune questions,
 *   0.53 on held-out questions: "What do the reports say about …" 0.56 and 0.47); nothing was
 *   changed after it: only they say how the rules meet wording not written for.
 */

/** A question's first word, lower-cased when the frame puts it mid-sentence ("can you tell me *when* …"). */
const OPENING_WORD =
  /^(?:When|What|How|Who|Whom|Whose|Where|Why|Which|Did|Does|Do|Is|Was|Are|Were|Has|Have|Had|Can|Could|Will|Would|In|On|At|After|Before)\b/;

function midSentence(question: string): string {
  return OPENING_WORD.test(question) ? question.charAt(0).toLowerCase() + question.slice(1) : question;
}

export interface ChatFrame {
  name: string;
  split: "dev" | "held-out";
  wrap: (question: string) => string;
}

const DEV_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "hey, can you tell me …", wrap: (q) => `hey, can you tell me ${midSentence(q)}` },
  { name: "… thanks!", wrap: (q) => `${q} thanks!` },
  { name: "do you know …", wrap: (q) => `do you know ${midSentence(q)}` },
  { name: "I'd like to know …", wrap: (q) => `I'd like to know ${midSentence(q)}` },
  { name: "pls … thx", wrap: (q) => `pls ${midSentence(q)} thx` },
  { name: "quick question: …", wrap: (q) => `quick question: ${q}` },
  { name: "Could you please find out …", wrap: (q) => `Could you please find out ${midSentence(q)}` },
  { name: "yo sitrep, …??", wrap: (q) => `yo sitrep, ${midSentence(q)}??` },
  { name: "Hi! I'm looking into this story. …", wrap: (q) => `Hi! I'm looking into this story. ${q}` },
  { name: "any idea …", wrap: (q) => `any idea ${midSentence(q)}` },
];

/** Held out until session 21's first run of them; dev frames since (see above). */
const SECOND_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "hello! …", wrap: (q) => `hello! ${q}` },
  { name: "Can someone tell me …", wrap: (q) => `Can someone tell me ${midSentence(q)}` },
  { name: "… Thank you so much.", wrap: (q) => `${q} Thank you so much.` },
  { name: "I was wondering …", wrap: (q) => `I was wondering ${midSentence(q)}` },
  { name: "Sitrep: …", wrap: (q) => `Sitrep: ${q}` },
  { name: "Question - …", wrap: (q) => `Question - ${q}` },
  { name: "Does anybody know …?", wrap: (q) => `Does anybody know ${midSentence(q)}?` },
  { name: "Sorry if this was asked already. …", wrap: (q) => `Sorry if this was asked already. ${q}` },
  { name: "i need to find out … asap", wrap: (q) => `i need to find out ${midSentence(q)} asap` },
  { name: "ok so …", wrap: (q) => `ok so ${midSentence(q)}` },
];

/** Held out for their first run in session 21; dev frames since (see above). */
const THIRD_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Hey there! …", wrap: (q) => `Hey there! ${q}` },
  { name: "could u tell me …", wrap: (q) => `could u tell me ${midSentence(q)}` },
  { name: "… Thanks in advance!", wrap: (q) => `${q} Thanks in advance!` },
  { name: "Does anyone happen to know …", wrap: (q) => `Does anyone happen to know ${midSentence(q)}` },
  { name: "@Sitrep …", wrap: (q) => `@Sitrep ${q}` },
  { name: "Q: …", wrap: (q) => `Q: ${q}` },
  { name: "Just curious - …", wrap: (q) => `Just curious - ${midSentence(q)}` },
  { name: "I'm new here. …", wrap: (q) => `I'm new here. ${q}` },
  { name: "… ty!", wrap: (q) => `${q} ty!` },
  { name: "um, …", wrap: (q) => `um, ${midSentence(q)}` },
];

/** Held out for their first run in session 21; dev frames since session 22 (see above). */
const FOURTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Good morning! …", wrap: (q) => `Good morning! ${q}` },
  { name: "Can anybody tell me …", wrap: (q) => `Can anybody tell me ${midSentence(q)}` },
  { name: "… Many thanks.", wrap: (q) => `${q} Many thanks.` },
  { name: "I'd love to know …", wrap: (q) => `I'd love to know ${midSentence(q)}` },
  { name: "sitrep …", wrap: (q) => `sitrep ${midSentence(q)}` },
  { name: "Another question: …", wrap: (q) => `Another question: ${q}` },
  { name: "Hi team, …", wrap: (q) => `Hi team, ${midSentence(q)}` },
  { name: "I'm a journalist working on this. …", wrap: (q) => `I'm a journalist working on this. ${q}` },
  { name: "… cheers", wrap: (q) => `${q} cheers` },
  { name: "Would you happen to know …?", wrap: (q) => `Would you happen to know ${midSentence(q)}?` },
];

/** Written in session 22 before its first run, which held them out (0.22 at rank 1 on tune questions); dev frames since. */
const FIFTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Hey folks, quick one: …", wrap: (q) => `Hey folks, quick one: ${q}` },
  { name: "Can you help me figure out …", wrap: (q) => `Can you help me figure out ${midSentence(q)}` },
  { name: "… Appreciate it!", wrap: (q) => `${q} Appreciate it!` },
  { name: "Need to know …", wrap: (q) => `Need to know ${midSentence(q)}` },
  { name: "!ask …", wrap: (q) => `!ask ${q}` },
  { name: "According to the reports, …", wrap: (q) => `According to the reports, ${midSentence(q)}` },
  { name: "Bit of a random one, but …", wrap: (q) => `Bit of a random one, but ${midSentence(q)}` },
  { name: "… (asking for a piece I'm writing)", wrap: (q) => `${q} (asking for a piece I'm writing)` },
  { name: "Hello Sitrep! Could you check …", wrap: (q) => `Hello Sitrep! Could you check ${midSentence(q)}` },
  { name: "lol ok so …", wrap: (q) => `lol ok so ${midSentence(q)}` },
];

/** Written in session 22 after the rules the fifth ten taught, held out for their first run (0.50 on tune questions); dev frames since. */
const SIXTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "yo, real quick — …", wrap: (q) => `yo, real quick — ${midSentence(q)}` },
  { name: "Does the bot know …", wrap: (q) => `Does the bot know ${midSentence(q)}` },
  { name: "… ty in advance", wrap: (q) => `${q} ty in advance` },
  { name: "Could someone explain …", wrap: (q) => `Could someone explain ${midSentence(q)}` },
  { name: "Im trying to find out …", wrap: (q) => `Im trying to find out ${midSentence(q)}` },
  { name: "^ also, …", wrap: (q) => `^ also, ${midSentence(q)}` },
  { name: "sitrep pls: …", wrap: (q) => `sitrep pls: ${q}` },
  { name: "Random q but …", wrap: (q) => `Random q but ${midSentence(q)}` },
  { name: "… ?? anyone?", wrap: (q) => `${q.replace(/\?+$/, "")}?? anyone?` },
  { name: "My editor wants to know …", wrap: (q) => `My editor wants to know ${midSentence(q)}` },
];

/** Written in session 22 after the rules the sixth ten taught, held out for their first run (0.44 on tune questions); dev frames since session 23. */
const SEVENTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Morning all. …", wrap: (q) => `Morning all. ${q}` },
  { name: "Can u pls check …", wrap: (q) => `Can u pls check ${midSentence(q)}` },
  { name: "… thx a ton", wrap: (q) => `${q} thx a ton` },
  { name: "Hey Sitrep, so my question is: …", wrap: (q) => `Hey Sitrep, so my question is: ${q}` },
  { name: "Looking for info - …", wrap: (q) => `Looking for info - ${midSentence(q)}` },
  { name: "quick q …", wrap: (q) => `quick q ${midSentence(q)}` },
  {
    name: "Not sure if you can answer this but …",
    wrap: (q) => `Not sure if you can answer this but ${midSentence(q)}`,
  },
  { name: "… or is that not in the reports?", wrap: (q) => `${q.replace(/\?+$/, "")} or is that not in the reports?` },
  { name: "I've been reading about this all day. …", wrap: (q) => `I've been reading about this all day. ${q}` },
  { name: "@everyone …", wrap: (q) => `@everyone ${q}` },
];

/** Written in session 23 before any rule read the seventh ten, held out for their first run (0.59 on tune questions); dev frames since. */
const EIGHTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Hiya, …", wrap: (q) => `Hiya, ${midSentence(q)}` },
  { name: "Can I ask something? …", wrap: (q) => `Can I ask something? ${q}` },
  { name: "… Thanks heaps :)", wrap: (q) => `${q} Thanks heaps :)` },
  { name: "So basically I want to know …", wrap: (q) => `So basically I want to know ${midSentence(q)}` },
  { name: "Still confused about this: …", wrap: (q) => `Still confused about this: ${q}` },
  { name: "@Sitrep can you look up …", wrap: (q) => `@Sitrep can you look up ${midSentence(q)}` },
  { name: "Okay last one - …", wrap: (q) => `Okay last one - ${midSentence(q)}` },
  { name: "… (sorry, typing on my phone)", wrap: (q) => `${q} (sorry, typing on my phone)` },
  { name: "Hey! First time using this bot. …", wrap: (q) => `Hey! First time using this bot. ${q}` },
  { name: "tbh no idea where to look, …", wrap: (q) => `tbh no idea where to look, ${midSentence(q)}` },
];

/** Written in session 23 after the eighth ten's first run and before any rule read it; held out for their first run (0.44 on tune questions); dev frames since. */
const NINTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Heya sitrep! …", wrap: (q) => `Heya sitrep! ${q}` },
  { name: "Might be a dumb question. …", wrap: (q) => `Might be a dumb question. ${q}` },
  { name: "… Ta!", wrap: (q) => `${q} Ta!` },
  { name: "Right, so …", wrap: (q) => `Right, so ${midSentence(q)}` },
  { name: "Can you dig up …", wrap: (q) => `Can you dig up ${midSentence(q)}` },
  { name: "FYI I'm on the night desk. …", wrap: (q) => `FYI I'm on the night desk. ${q}` },
  { name: "… any help appreciated", wrap: (q) => `${q} any help appreciated` },
  { name: "Hmm, …", wrap: (q) => `Hmm, ${midSentence(q)}` },
  { name: "Is it possible to find out …", wrap: (q) => `Is it possible to find out ${midSentence(q)}` },
  { name: "… — need it for tonight's bulletin", wrap: (q) => `${q} — need it for tonight's bulletin` },
];

/**
 * Written in session 23 after the ninth ten's first run and before any rule read it, and before their
 * own first run; held out for that run (0.56 on tune questions); dev frames since session 24.
 */
const TENTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Evening! …", wrap: (q) => `Evening! ${q}` },
  { name: "Gm gm. …", wrap: (q) => `Gm gm. ${q}` },
  { name: "… cheers mate", wrap: (q) => `${q} cheers mate` },
  { name: "Could ya tell me …", wrap: (q) => `Could ya tell me ${midSentence(q)}` },
  { name: "BTW …", wrap: (q) => `BTW ${midSentence(q)}` },
  { name: "Sup sitrep, …", wrap: (q) => `Sup sitrep, ${midSentence(q)}` },
  { name: "Argh, can't find this anywhere: …", wrap: (q) => `Argh, can't find this anywhere: ${q}` },
  { name: "… thank u!!", wrap: (q) => `${q} thank u!!` },
  { name: "Follow-up from earlier - …", wrap: (q) => `Follow-up from earlier - ${midSentence(q)}` },
  { name: "Wondering if anyone knows …", wrap: (q) => `Wondering if anyone knows ${midSentence(q)}` },
];

/** Written in session 24 before any rule read the tenth ten; held out for their first run (0.67 on tune questions); dev frames since. */
const ELEVENTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Hello again! …", wrap: (q) => `Hello again! ${q}` },
  { name: "Qq: …", wrap: (q) => `Qq: ${q}` },
  { name: "… appreciate it 🙏", wrap: (q) => `${q} appreciate it 🙏` },
  { name: "For a piece I'm writing — …", wrap: (q) => `For a piece I'm writing — ${midSentence(q)}` },
  { name: "Need a source for this: …", wrap: (q) => `Need a source for this: ${q}` },
  { name: "Hey bot, …", wrap: (q) => `Hey bot, ${midSentence(q)}` },
  { name: "Any idea …", wrap: (q) => `Any idea ${midSentence(q)}` },
  { name: "… Much appreciated.", wrap: (q) => `${q} Much appreciated.` },
  { name: "Question for the bot — …", wrap: (q) => `Question for the bot — ${q}` },
  { name: "Been going back and forth on this. …", wrap: (q) => `Been going back and forth on this. ${q}` },
];

/** Written in session 24 after the eleventh ten's first run and before any rule read it; held out for their first run (0.64 on tune questions); dev frames since. */
const TWELFTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Hey hey! …", wrap: (q) => `Hey hey! ${q}` },
  { name: "Urgent: …", wrap: (q) => `Urgent: ${q}` },
  { name: "… pls and thank you", wrap: (q) => `${q} pls and thank you` },
  { name: "So I'm confused, …", wrap: (q) => `So I'm confused, ${midSentence(q)}` },
  { name: "Can anyone help? …", wrap: (q) => `Can anyone help? ${q}` },
  { name: "Asking for my editor: …", wrap: (q) => `Asking for my editor: ${q}` },
  { name: "Double-checking something - …", wrap: (q) => `Double-checking something - ${midSentence(q)}` },
  { name: "… if that makes sense", wrap: (q) => `${q} if that makes sense` },
  { name: "Alright team, …", wrap: (q) => `Alright team, ${midSentence(q)}` },
  { name: "Not urgent but …", wrap: (q) => `Not urgent but ${midSentence(q)}` },
];

/** Written in session 24 after the twelfth ten's first run and before any rule read it; held out for their first run (0.57 on tune questions); dev frames since. */
const THIRTEENTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Yo yo, …", wrap: (q) => `Yo yo, ${midSentence(q)}` },
  { name: "Stupid q but …", wrap: (q) => `Stupid q but ${midSentence(q)}` },
  { name: "… ty in advance", wrap: (q) => `${q} ty in advance` },
  { name: "Working on a timeline piece. …", wrap: (q) => `Working on a timeline piece. ${q}` },
  { name: "Can I get …", wrap: (q) => `Can I get ${midSentence(q)}` },
  { name: "hey sitrep quick check, …", wrap: (q) => `hey sitrep quick check, ${midSentence(q)}` },
  { name: "… (for background)", wrap: (q) => `${q} (for background)` },
  { name: "Curious whether you know …", wrap: (q) => `Curious whether you know ${midSentence(q)}` },
  { name: "Me again. …", wrap: (q) => `Me again. ${q}` },
  { name: "Ok final question from me: …", wrap: (q) => `Ok final question from me: ${q}` },
];

/** Written in session 24 after the thirteenth ten's first run and before any rule read it; held out for their first run (0.64 on tune questions); dev frames since. */
const FOURTEENTH_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Howdy! …", wrap: (q) => `Howdy! ${q}` },
  { name: "Quick sanity check: …", wrap: (q) => `Quick sanity check: ${q}` },
  { name: "… ta very much", wrap: (q) => `${q} ta very much` },
  { name: "Do you have anything on …", wrap: (q) => `Do you have anything on ${midSentence(q)}` },
  { name: "Going through the coverage now. …", wrap: (q) => `Going through the coverage now. ${q}` },
  { name: "Can you confirm …", wrap: (q) => `Can you confirm ${midSentence(q)}` },
  { name: "… thanks in advance folks", wrap: (q) => `${q} thanks in advance folks` },
  { name: "Sorry for all the questions, …", wrap: (q) => `Sorry for all the questions, ${midSentence(q)}` },
  { name: "Help! …", wrap: (q) => `Help! ${q}` },
  { name: "I'm a bit lost here - …", wrap: (q) => `I'm a bit lost here - ${midSentence(q)}` },
];

/** Written in session 24 after the fourteenth ten's first run and before any rule read it, and before their own first run (0.64 on tune questions). */
const HELD_OUT_FRAMES: readonly Omit<ChatFrame, "split">[] = [
  { name: "Hi there 👋 …", wrap: (q) => `Hi there 👋 ${q}` },
  { name: "Two things. First, …", wrap: (q) => `Two things. First, ${midSentence(q)}` },
  { name: "… no rush", wrap: (q) => `${q} no rush` },
  { name: "What do the reports say about …", wrap: (q) => `What do the reports say about ${midSentence(q)}` },
  { name: "Context: I'm fact-checking a draft. …", wrap: (q) => `Context: I'm fact-checking a draft. ${q}` },
  { name: "Looking for a quote - …", wrap: (q) => `Looking for a quote - ${midSentence(q)}` },
  { name: "… cheers in advance!", wrap: (q) => `${q} cheers in advance!` },
  { name: "Hope you can help: …", wrap: (q) => `Hope you can help: ${q}` },
  { name: "Pls confirm: …", wrap: (q) => `Pls confirm: ${q}` },
  { name: "ok here's one for you - …", wrap: (q) => `ok here's one for you - ${midSentence(q)}` },
];

export const CHATTY_FRAMES: readonly ChatFrame[] = [
  ...DEV_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...SECOND_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...THIRD_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...FOURTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...FIFTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...SIXTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...SEVENTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...EIGHTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...NINTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...TENTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...ELEVENTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...TWELFTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...THIRTEENTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...FOURTEENTH_FRAMES.map((frame) => ({ ...frame, split: "dev" as const })),
  ...HELD_OUT_FRAMES.map((frame) => ({ ...frame, split: "held-out" as const })),
];
