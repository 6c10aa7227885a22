import { isStopWord } from "./analyzer.js";
import { AUXILIARIES, HOW_MEASURES, WH_WORDS } from "./question-forms.js";

/**
 * What a question asks, without the frame a chat puts around it: a greeting, the bot's name, a
 * request ("can you tell me …", "I'd like to know …", "any idea …"), a label ("quick question:"),
 * a line about the asker ("I'm looking into this story."), thanks. None of it is a topic, and words
 * the corpus lacks ("pls", "thx", "yo") weigh what the rarest name weighs: framed, the tune
 * questions were answered right at rank 1 a fifth as often as asked plainly (`npm run eval:qa --
 * --chatty`). Hand-written: the frames are English phrases at the edges of a question, a few
 * patterns; an intent or dialogue library would bring a model for far more than this.
 */

/** Words a question opens with, after its frame. */
const QUESTION_WORD = String.raw`(?:${WH_WORDS}|${AUXILIARIES})\b`;

/** The abbreviations chat writes in capitals ("FYI", "IMO"): no name, and no topic. */
const CHAT_ABBREVIATIONS = String.raw`fyi|btw|imo|imho|tbh|afaik|iirc|fwiw|idk|ngl`;
const CHAT_ABBREVIATION_IN_TEXT = new RegExp(String.raw`\b(?:${CHAT_ABBREVIATIONS})\b`, "gi");

/** Interjections, drawn out or not ("um", "ummm", "hmm", "ahh"), and chat's abbreviations. */
const INTERJECTION = String.raw`(?:ok(?:ay)?|so|u+m+|u+h+|h+m+|a+h+|o+h+|u+g+h+|a+r+g+h+|o+o+p+s+|w+o+w+|p+h+e+w+|m+e+h+|well|right|sorry|alright|lol|lmao|haha|${CHAT_ABBREVIATIONS})\b`;

/**
 * A greeting, drawn out or varied ("heyy", "heya", "hiya", "sup", "evening!"), with the name or group it is
 * addressed to ("hey Sitrep,", "hi all!"), or an
 * interjection set off by punctuation, before a question word or after another ("ok, …", "so when
 * …", "ok so eton …"; not "so far", nor the oil "well").
 */
const GREETING = new RegExp(
  String.raw`^(?:(?:he+y+a*|hi+y*a*|hel+o+|howdy|yo+|greetings|(?:wa)?s+u+p+|(?:good\s+)?(?:morning|mornin['’]?|afternoon|evening|night))(?=[\s,.!:;]|$)(?:\s+(?:sitrep|bot|there|all|everyone|folks|guys|team)\b)?|@?sitrep\b|(?:${INTERJECTION}\s+)+${INTERJECTION}(?=\s)|${INTERJECTION}(?=\s*[,.!:;]|\s+${QUESTION_WORD}|\s+${INTERJECTION}))[\s,.!:;-]*`,
  "i",
);

/** "gm" (good morning) and "gn", as chat writes them: in lower case or "Gm", never "GM" (General Motors). */
const CHAT_GREETING = /^(?:[Gg][mn])(?:\s+g[mn])*(?=[\s,.!:;]|$)[\s,.!:;-]*/u;

/** Chat's abbreviations that never belong to a question, at its head ("BTW bp q2 loss"): cut whatever follows. */
const HEAD_ABBREVIATION = /^(?:btw|fyi|tbh|ngl)\b[\s,.:;-]*/i;

/**
 * A chat bot's command before the question ("!ask …", "/search …", "$q …"), as Discord bots are
 * prefixed, or a mention that addresses it ("@everyone", "@here", "<@1234>"): never what is asked.
 */
const BOT_COMMAND = /^(?:[!/$>%]\p{L}+\s+|(?:<@[!&]?\d+>|@[\p{L}\p{N}_.]+)[\s,:;-]*)/u;

/** "Fact check", "fact-check", "factcheck": a claim brought to be checked follows, labelled (`LABEL`) or not (`REQUEST`). */
const FACT_CHECK = String.raw`fact[\s-]?check`;

/**
 * A label before the question itself: "quick question:", "Q:", or with no colon before a question
 * word ("quick q when …"); "quick q" and "qq" before anything ("quick q eton closure").
 */
const LABEL = new RegExp(
  String.raw`^(?:(?:(?:quick|short|simple|one|another|random|dumb|silly|a)\s+)?(?:question|q|qq|query)(?:\s*[:–—-]\s*|\s+(?=${QUESTION_WORD}))|(?:(?:quick|short)\s+q|qq)\s+|(?:${FACT_CHECK}|true\s+or\s+false|claim|rumou?r)\s*[:–—-]\s*)`,
  "i",
);

/** The reports, as a chat names where to look ("according to the *news*"). */
const THE_REPORTS = String.raw`reports?|news|articles?|sources?|coverage|papers?`;

const POLITELY = String.raw`(?:(?:please|pls|plz|kindly|just)\s+)?`;
const WHO_KNOWS = String.raw`(?:you|u|ya|y['’]?all|anyone|anybody|someone|somebody|(?:the\s+)?bot|sitrep)`;

/** "latest", "most recent news", "newest developments": what the newest reports say (answer.ts reads the question as asked for it). */
const NEWEST = String.raw`(?:latest|most\s+recent|newest)(?:\s+(?:news|updates?|developments?|reports?))?`;

/** Asking for an overview: "summarise", "sum up", "recap"; "a (quick) summary", "an overview", "a rundown". */
const SUMMARISE = String.raw`summari[sz]e|sum\s+up|recap`;
const SUMMARY = String.raw`summary|overview|recap|rundown`;
const BRIEF = String.raw`(?:quick|brief|short)\s+`;
/** A question that asks for an overview ("summarise the battle"), which a timeline gives better than quotes (answer.ts). */
export const OVERVIEW_ASKED = new RegExp(String.raw`\b(?:${SUMMARISE}|${SUMMARY})\b`, "i");
/** The words that ask for it, with "quick" or "brief" before them: what is left is the topic. */
export const OVERVIEW_WORDS = new RegExp(String.raw`\b(?:${BRIEF})?(?:${SUMMARISE}|${SUMMARY})\b`, "gi");

/** A request for what follows: "can you tell me", "do you know", "I'd like to know", "any idea", "what's the latest on". */
const REQUEST = new RegExp(
  String.raw`^(?:` +
    [
      // "(can you) (please) tell me (about)", "show us", "remind me"
      String.raw`(?:(?:can|could|would|will)\s+${WHO_KNOWS}\s+)?${POLITELY}(?:tell|show|give|remind)\s+(?:me|us)(?:\s+(?:about|of|on))?`,
      // "could you (please) find out", "can you check", "would you let me know"
      String.raw`(?:can|could|would|will)\s+${WHO_KNOWS}\s+${POLITELY}(?:find\s+out|look\s+up|look\s+into|dig\s+up|dig\s+out|track\s+down|pull\s+up|check|confirm|verify|find|explain|let\s+(?:me|us)\s+know)(?:\s+(?:about|on))?`,
      // "is it possible to find out", "would it be possible to check"
      String.raw`(?:is|would)\s+it\s+(?:be\s+)?possible\s+to\s+(?:find\s+out|look\s+up|check|find|know|see|learn)(?:\s+(?:about|on))?`,
      // "do you (happen to) know (about)", "does anyone know", "would you happen to know"
      String.raw`(?:do|does|would|might)\s+(?:${WHO_KNOWS}|we)\s+(?:happen\s+to\s+)?know(?:\s+(?:about|of))?`,
      // "I'd like to know", "we need to find out", "I want to understand", "need to know", "so basically I want to know"
      String.raw`(?:so\s+)?(?:(?:basically|actually|honestly|really|just)\s+)?(?:(?:i|we)(?:['’]d|\s+would)?\s+)?(?:really\s+)?(?:like|love|want|wanna|need)\s+(?:to\s+)?(?:know|find\s+out|learn|understand|check|see)(?:\s+(?:about|of))?`,
      // "I'm trying to find out", "my editor wants to know", "our desk needs to check"
      String.raw`(?:i\s*['’]?m|i\s+am|we\s*['’]?re|we\s+are)\s+trying\s+to\s+(?:find\s+out|figure\s+out|work\s+out|understand|learn|know|check)(?:\s+(?:about|of))?`,
      String.raw`(?:my|our|the)\s+\p{L}+\s+(?:wants?|needs?|would\s+like|asked\s+me|asks\s+me)\s+to\s+(?:know|find\s+out|check|understand)(?:\s+(?:about|of))?`,
      // "can you help me figure out", "could you help us understand"
      String.raw`(?:(?:can|could|would|will)\s+${WHO_KNOWS}\s+)?${POLITELY}help\s+(?:me|us)\s+(?:to\s+)?(?:figure\s+out|find\s+out|understand|find|check|work\s+out)(?:\s+(?:about|on))?`,
      // "I wonder", "I was wondering if you could tell me", "curious whether you know"
      String.raw`(?:i\s+)?(?:was\s+|am\s+|['’]m\s+)?(?:just\s+)?(?:wonder(?:ing)?|curious)(?:\s+(?:if|whether)\s+${WHO_KNOWS}\s+(?:could|can|would|might|knows?)(?:\s+tell\s+(?:me|us))?)?`,
      // "do you have anything on", "got anything about"
      String.raw`(?:(?:do|does)\s+${WHO_KNOWS}\s+have|(?:have\s+)?(?:you\s+)?got)\s+(?:anything|something|any\s+(?:info|information|news|details))\s+(?:on|about|regarding|re)`,
      // "can I get", "could we have"
      String.raw`(?:can|could|may)\s+(?:i|we)\s+(?:get|have)`,
      // "any idea", "got any news on", "any update about"
      String.raw`(?:(?:have\s+you\s+)?got\s+|do\s+you\s+have\s+)?any\s+(?:idea|clue|info|information|news|updates?|word)s?(?:\s+(?:on|about|of|regarding|re))?`,
      // A claim heard elsewhere, to check: "someone on twitter says …", "I read that …", "people are
      // saying …", "there's a rumour that …", "(please) confirm …", "fact check: …" (the claim is what is asked)
      String.raw`(?:someone|somebody|people|they|a\s+friend|my\s+\p{L}+)(?:\s+(?:on|in)\s+(?:twitter|x|facebook|reddit|tiktok|telegram|the\s+chat|here|chat))?(?:\s+(?:is|are))?\s+(?:says?|said|saying|claims?|claimed|claiming|posted|wrote|tweeted)(?:\s+that)?`,
      // (Only before a claim in one sentence: "We heard BP capped the well. When was that?" asks of the statement.)
      String.raw`(?:i|we)\s+(?:heard|read|saw)(?:\s+(?:somewhere|online|on\s+twitter|on\s+the\s+news))?(?:\s+that)?(?=[^.!?]*[.!?]*\s*$)`,
      String.raw`(?:there(?:['’]s|\s+is)\s+an?\s+(?:claim|rumou?r|post|tweet)|rumou?r\s+has\s+it)(?:\s+that)?`,
      String.raw`${POLITELY}(?:confirm|verify|double[\s-]check|${FACT_CHECK})(?:\s+(?:that|whether|if|for\s+(?:me|us)))?(?=\s+\p{L})`,
      // "is it true that", "is true BP wants to …", "was it right that": the claim is what is asked
      String.raw`(?:is|was)\s+(?:it\s+(?:really\s+)?(?:true|right|correct|so)|(?:really\s+)?(?:true|correct))(?:\s+that)?(?=\s+\p{L})`,
      // "according to the reports": where to look, which is the reports anyway
      String.raw`according\s+to\s+(?:the\s+)?(?:${THE_REPORTS})`,
      // "what's the latest on", "what is the news about" (CURRENT_STATE reads "latest" in the question as asked)
      String.raw`what(?:['’]?s|\s+is|\s+are)\s+the\s+(?:${NEWEST}\s+(?:in|on|about|with|regarding)|(?:news|updates?|story|situation)\s+(?:on|about|with|regarding))`,
      // "latest on mosul", "most recent news about the relief well", "news on the spill": chat leaves the question out
      String.raw`(?:the\s+)?(?:${NEWEST}\s+(?:in|on|about|regarding|re)|(?:news|updates?)\s+(?:on|about|regarding|re))`,
      // "summarise the battle", "give me a summary of", "an overview of": what the question is about
      // (answer.ts suggests a timeline for the overview itself)
      String.raw`(?:(?:can|could|would|will)\s+${WHO_KNOWS}\s+)?${POLITELY}(?:${SUMMARISE})(?:\s+(?:for\s+(?:me|us)\s+)?(?:what\s+happened\s+(?:in|on|at|with)|(?:the\s+)?(?:events?|story|news)\s+(?:of|in|on|about)))?`,
      String.raw`(?:(?:a|an|the)\s+)?(?:${BRIEF})?(?:${SUMMARY})\s+(?:of|on|about)`,
      // "please", "pls", "kindly" alone
      String.raw`(?:please|pls|plz|kindly)`,
    ].join("|") +
    String.raw`)\b[\s,:;-]*`,
  "iu",
);

/** A first sentence, or a short lead set off by a colon or a dash ("Just curious -"), and the text after it. */
const FIRST_SENTENCE = /^([^.!?]*[.!?]+|[^.!?:–—]{1,40}?(?::|\s[-–—]|[–—]|,?\s+but\b))\s+(?=\S)/;

/**
 * The words of a sentence (or a lead) about the asker or the asking that says nothing of the news:
 * "I'm looking into this story.", "Sorry to bother you!", "I'm new here.", "Just curious -". A sentence with any other
 * word ("We heard BP capped the well.", "I'm researching the oil spill.") may hold what a pronoun
 * in the question points back to, and stays.
 */
const ASKER_WORDS = new Set(
  (
    "i i'm im i've ive me my we we're our us am is are was be been have has a an the this that these those it " +
    "looking look into at on about for in to of story stories topic article articles report reports news thread " +
    "subject researching research writing write working work piece following follow reading read new here curious " +
    "interested trying try understand figure out just quick question questions hi hello hey thanks thank you so " +
    "much sorry if ask asked asking already wonder wondering honestly genuinely really bother bothering student journalist researcher analyst reporter doing some bit confused still again help " +
    "one random odd silly dumb weird but of q real earlier before follow-up followup morning evening afternoon " +
    "can't cant cannot couldn't find finding found desk night shift newsroom deadline ok okay no not sure answer " +
    "info information idea last need needed tonight tonight's today bulletin bot sitrep source sources going back forth " +
    "alright team folks guys all everyone editor editors boss producer colleague double check checking verify " +
    "confirm confirming urgent urgently final next stupid timeline explainer feature profile backgrounder roundup " +
    "sanity lost coverage now"
  ).split(" "),
);

/** A question's own first word, capitalised as a sentence opens and no name. */
const OPENING_QUESTION_WORD = new RegExp(String.raw`^\s*${QUESTION_WORD}`, "i");
/** Words a question after a statement needs, naming nothing, to stand alone ("How many people fled the fighting?"). */
const SELF_CONTAINED_WORDS = 6;

/**
 * Words with no topic that neither the stop list nor WordNet holds, so a corpus that has them
 * could read them as names typed in lower case ("*whether* you know", "*lol* ok so"): function
 * words and chat's own words ("ok" and "okay" are in ASKER_WORDS).
 */
const NO_TOPIC_WORDS = new Set(
  (
    "whether although unless whereas whilst upon onto toward towards amongst among without until whichever " +
    "whoever whenever nor else beside against amid via per yeah yep nope hey thx pls plz lol btw gonna " +
    "wanna gotta ya u im ive dont isnt wasnt didnt doesnt"
  ).split(" "),
);

/** A word about the asker or the asking, or a word with no topic at all (a stop word, "something", "whether"). */
export function saysNothing(word: string): boolean {
  return ASKER_WORDS.has(word) || NO_TOPIC_WORDS.has(word) || isStopWord(word) || isIndefinitePronoun(word);
}

/** Text's words in lower case, apostrophes straight ("i'm"), as ASKER_WORDS lists them. */
function lowerWords(text: string): string[] {
  return (
    text
      .toLowerCase()
      .replace(/’/g, "'")
      .match(/[\p{L}']+/gu) ?? []
  );
}

/** Whether every word of text is about the asker or the asking, or has no topic at all. */
function allSayNothing(text: string): boolean {
  const words = lowerWords(text);
  return words.length > 0 && words.every(saysNothing);
}

/**
 * A lead set off by a comma ("no idea where to look, …"), cut when all its words say nothing and
 * one of them is about the asking: "In May," is only stop words, and part of the question.
 */
const COMMA_LEAD = /^([^.!?:,–—]{1,40}?),\s+(?:(?:but|so|and)\s+)?(?=\S)/i;

function aboutTheAsking(lead: string): boolean {
  return allSayNothing(lead) && lowerWords(lead).some((w) => ASKER_WORDS.has(w) && !isStopWord(w));
}

/** How many words (runs of letters or digits) text has. */
function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

/**
 * Without a first sentence that says nothing of the news: one made of words about the asker
 * (ASKER_WORDS), or a statement that names nothing before a question that stands alone: one that
 * names something itself or has six words or more ("Morning all. When did Mosul fall?", "I've
 * been reading about this all day. Who replaced Hayward?"). A statement with a name or a number,
 * or one a pronoun of the question points back to, may be what is asked about, and stays ("BP
 * capped the well. When did it start leaking?"); so does one before a short question that names
 * nothing ("I'm researching the earthquake. How many died?").
 */
function withoutAskerSentence(text: string, isName: (word: string) => boolean): string {
  const commaLead = COMMA_LEAD.exec(text);
  if (commaLead && aboutTheAsking(commaLead[1] ?? "")) return text.slice(commaLead[0].length);
  const first = FIRST_SENTENCE.exec(text);
  if (!first) return text;
  const sentence = first[1] ?? "";
  const rest = text.slice(first[0].length);
  if (allSayNothing(sentence)) return rest;
  // The question stands alone when it names something or says enough; else the statement may be its topic.
  const restWords = wordCount(rest);
  const named = !namesNothing(rest.replace(OPENING_QUESTION_WORD, ""), isName);
  const standsAlone = restWords >= SELF_CONTAINED_WORDS || (restWords >= 2 && named);
  const statement = /[.!]$/.test(sentence) && standsAlone;
  return statement && namesNothing(sentence, isName) && !pointsBack(rest, isName) ? rest : text;
}

/** Whether text has no digit, no word in capitals, and no word `isName` reads as a name. */
function namesNothing(text: string, isName: (word: string) => boolean): boolean {
  const cleaned = text.replace(BOT_NAME, "").replace(CHAT_ABBREVIATION_IN_TEXT, "");
  const words = cleaned.match(/[\p{L}\p{N}'’]+/gu) ?? [];
  return !NAMED_IN_LEAD.test(cleaned) && !words.some((word) => isName(word));
}

/**
 * Thanks or a plea at the end: "… thanks!", "… pls thx", "…, thank you so much", "… thx a ton"
 * (a word or two after the thanks, but not "thanks to the cap", which is part of the question).
 */
const CLOSING =
  /(?:[\s,;:.!?-]*\b(?:(?:many\s+)?thanks|thank\s+(?:you|u)|thank(?:you|u)|thanx|tysm|thx|thnx|tnx|ty|tia|cheers|please|pls|plz|asap|(?:i\s+)?appreciate\s+it|much\s+appreciated|(?:if|hope)\s+(?:that|this)\s+makes\s+sense|(?:any\s+)?help\s+(?:is\s+)?(?:much\s+|greatly\s+)?appreciated|ta|if\s+(?:you\s+can|possible)|when\s+you\s+(?:can|get\s+a\s+(?:chance|minute|moment)))(?:\s+(?:so\s+much|a\s+lot|in\s+advance|again))?(?:(?:\s+(?!to\b|for\b)[\p{L}'’]+){1,2}(?=[\s.!?]*$))?)+[\s.!?]*$/iu;

/**
 * A check asked at the end of a claim, set off by punctuation or "is that": "… - true?", "…,
 * right?", "… is that correct", "… or not?". The claim before it is what is asked; "who was right"
 * asks its own. Each try starts after a word (the lookbehind), so a run of spaces is read once, not
 * once from each of its spaces.
 */
const CHECK_AT_END =
  /(?<=\S)(?:\s*[,;:–—-]\s*(?:(?:is|was)\s+(?:that|this|it)\s+)?|\s+(?:is|was)\s+(?:that|this|it)\s+)(?:really\s+)?(?:true|correct|right|accurate|legit|real|a\s+fact)(?:\s+or\s+(?:not|false))?[\s?]*$|(?<=\S)(?:\s*[,;:–—-]\s*|\s+)or\s+not[\s?]*$/iu;

/** Smileys and emoji at the end (":)", ";-)", ":D", "<3", "🙏"): a tone, never what is asked. */
const TRAILING_EMOTICONS = /(?:\s*(?:[:;][-^'’]?[)(\][DPpOo3/\\|*]|<3|\p{Extended_Pictographic}\uFE0F?))+\s*$/u;

/** Whether text holds a letter or a digit: something left to look up. */
function hasWords(text: string): boolean {
  return /\p{L}|\p{N}/u.test(text);
}

/** A question read without its chat frame, in one pass for both answers the answer path needs. */
export interface RequestRead {
  /** The question without its frame; the question itself when nothing is left of it but the frame. */
  asked: string;
  /** The question is a chat's frame and nothing else ("hi", "thanks!", "hey sitrep"): nothing to look up. */
  nothingAsked: boolean;
}

/**
 * `isName` tells a word that names something the reports may be about ("Mosul", "BP", "haiti"
 * typed in lower case); a lead holding one is never cut. Without it, any capitalised word but "I"
 * may be a name, so only a lead in lower case is cut.
 */
export function readRequest(question: string, isName: (word: string) => boolean = capitalisedAsName): RequestRead {
  const text = stripped(question, isName);
  return hasWords(text) ? { asked: text, nothingAsked: false } : { asked: question.trim(), nothingAsked: true };
}

export function withoutRequestFrame(question: string): string {
  return readRequest(question).asked;
}

/** "everyone", "anybody", "something": words WordNet does not list and every corpus has, no name and no topic. */
function isIndefinitePronoun(word: string): boolean {
  return /^(?:every|any|some|no)(?:one|body|thing|where)$/i.test(word);
}

/** "I", "I'm", "Im", "I've", "I'd", "I'll": capitalised, but the asker, never a name. */
export function isPronounI(word: string): boolean {
  return /^i(?:['’]?(?:m|ve|d|ll))?$/iu.test(word);
}

/** Without the corpus to ask: a capitalised word may be a name ("Haiti quake - how many died?"). */
function capitalisedAsName(word: string): boolean {
  return /^\p{Lu}/u.test(word) && !isPronounI(word);
}

function stripped(question: string, isName: (word: string) => boolean): string {
  let text = question.trim();
  for (;;) {
    const next = afterTheQuestion(
      fromTheQuestionWord(
        withoutAskerSentence(
          text
            .replace(TRAILING_EMOTICONS, "")
            .replace(BOT_COMMAND, "")
            .replace(CHAT_GREETING, "")
            .replace(GREETING, "")
            .replace(HEAD_ABBREVIATION, "")
            .replace(LABEL, ""),
          isName,
        )
          .replace(REQUEST, "")
          .replace(CLOSING, "")
          .replace(CHECK_AT_END, "?")
          .trim(),
        isName,
      ),
    );
    if (next === text) break;
    text = next;
  }
  return text;
}

/** Punctuation that sets a lead off: a comma, colon, semicolon, "!", a dash, or a hyphen after a space. */
const SET_OFF_MARK = String.raw`[,:;!–—]|\s-`;

/**
 * A question word inside the first sentence, after a lead that asks for it: set off by punctuation
 * or a conjunction ("Hey folks, quick one: when …", "Bit of a random one, but when …", "lol ok so
 * when …"), or after a verb that takes a question ("Need to know when …", "help me figure out when
 * …", "!ask when …"). Not after a preposition, where it is part of the question ("on what date",
 * "in which country").
 */
const LEAD_SET_OFF = String.raw`${SET_OFF_MARK}|\b(?:but|so|and|ok|okay|lol)`;
const TAKES_A_QUESTION = String.raw`know|out|ask|tell\s+(?:me|us)|wonder|check|see|understand|explain|remember|confirm|learn`;
/** A question word in the order of a direct question ("when *did*", "how *many*", "who*'s*"), which needs no set-off after a lead ("quick q when did …"). */
const INVERTED = String.raw`(?:${WH_WORDS})(?:['’]?s|\s+(?:${AUXILIARIES}|should|${HOW_MEASURES}|soon))\b`;
const QUESTION_AFTER_LEAD = new RegExp(
  String.raw`^([^.?!]{1,80}?(?:(?:${LEAD_SET_OFF})\s+(?=(?:${AUXILIARIES}|should)\b)|(?:${LEAD_SET_OFF}|\b(?:${TAKES_A_QUESTION}))\s+(?=(?:${WH_WORDS}|whether)\b)|\s(?=${INVERTED})))`,
  "i",
);
/** A pronoun that may point back to a lead ("Well capping: when did *it* finish?"): the lead stays. */
const POINTS_BACK = /\b(?:it|they|them|he|him|she|her|there)\b/i;

/**
 * Whether a pronoun of the question may point back before it: one with no name ahead of it in the
 * question ("… when did *it* finish?"), where "How much debt did Jackson leave when *he* died?"
 * has its own.
 */
function pointsBack(question: string, isName: (word: string) => boolean): boolean {
  const pronoun = POINTS_BACK.exec(question);
  return pronoun !== null && namesNothing(question.slice(0, pronoun.index), isName);
}
/** In a lead, what may name the news: digits, capitals throughout ("BP"), a capital after a word ("the Gulf"). */
const NAMED_IN_LEAD = /\p{N}|\b\p{Lu}{2,}\b|(?<=\p{L}[\s,'’-]+)(?!I\b|I['’])\p{Lu}/u;
const BOT_NAME = /\bsitrep\b/gi;
/**
 * A lead opening with a preposition is part of the question ("At the peak, what share …", "After
 * the spill, how many …"), unless it only says where to look ("According to the reports, …").
 */
const FRONTED = String.raw`(?!according\s+to\s+(?:the\s+)?(?:${THE_REPORTS}|corpus)\b)(?:at|in|on|after|before|during|since|until|till|by|from|for|following|amid|amidst|despite|without|with|under|over|within|throughout|among|according|as\s+of|apart\s+from|besides|beyond|near|around|about|into|through|against|between|behind|across|along|towards?|upon)\b`;
const FRONTED_PHRASE = new RegExp(`^${FRONTED}`, "i");

/** A set-off within a lead before a fronted phrase ("Okay last one - *At the peak*, what share …"). */
const SET_OFF_BEFORE_FRONTED = new RegExp(String.raw`(?:${SET_OFF_MARK})\s+(?=${FRONTED})`, "i");

/** "how much", "how many" … as the whole rest of a question. */
const HOW_MEASURE_ALONE = new RegExp(String.raw`^\s*how\s+(?:${HOW_MEASURES})\b(?=\W*$)`, "i");

/**
 * The question from its question word, when a lead before it in the same sentence names nothing
 * the reports are about: a frame in words no list holds ("Hey folks, quick one: …", "According to
 * the reports, …", "Can you help me figure out …"). A lead with a name, a number or a word a
 * pronoun of the question points back to stays ("BP spill: when …", "Mosul - when did it fall?").
 */
function fromTheQuestionWord(text: string, isName: (word: string) => boolean): string {
  const lead = QUESTION_AFTER_LEAD.exec(text);
  if (!lead || FRONTED_PHRASE.test(lead[1] ?? "")) return text;
  const leadText = lead[1] ?? "";
  // "Okay last one - At the peak, what share …": the frame ends where the fronted phrase begins.
  const setOff = SET_OFF_BEFORE_FRONTED.exec(leadText);
  const cutAt = setOff ? setOff.index + setOff[0].length : lead[0].length;
  const before = text.slice(0, cutAt);
  const rest = text.slice(cutAt);
  // A lead all about the asking names no one ("Alright team,", though the corpus may write "Alright"
  // as a name), and no pronoun of the question points back to it ("Okay last one - when did they …").
  const leadSaysNothing = allSayNothing(before);
  const names = !namesNothing(before, isName) && !leadSaysNothing;
  // "… maximum time in jail is how much?": a question word with nothing after it is no question
  // left, so the lead stays (question-forms.ts reads the question word asked last).
  const enoughLeft = wordCount(rest.replace(HOW_MEASURE_ALONE, "how")) >= 2;
  const pointedTo = pointsBack(rest, isName) && !leadSaysNothing;
  return names || !enoughLeft || pointedTo ? text : rest;
}

/**
 * After a question mark, words that ask nothing more ("When did Mosul fall? Appreciate it!", "…??
 * anyone?"; not a second question, even one typed without its mark: "… pigs? how many are we
 * talking"), or a closing aside in brackets.
 */
const AFTER_QUESTION_MARK = new RegExp(
  String.raw`(\?+)\s+(?:(?!(?:${WH_WORDS})\b(?!\s+an?\s))[^?]*|(?!.*\b(?:${WH_WORDS})\b)(?:[\p{L}'’]+\s+){0,2}[\p{L}'’]+\?+)$`,
  "iu",
);
const CLOSING_ASIDE = /\s*\(([^()]*)\)\s*$/;
/** A closing aside after a dash about the asking ("… — need it for tonight's bulletin"). */
const TRAILING_DASH_ASIDE = /\s+[–—-]+\s+([^–—]+?)[\s.!]*$/u;
/**
 * A tail asking whether the reports hold the answer at all ("… or is that not in the reports?",
 * "…, or isn't that known?"): what is asked is before it. Not a second alternative of the question
 * ("… in July or in August?", "did it sink or was it towed?"). Each try starts after a word, so a
 * run of spaces is read once (`CHECK_AT_END`).
 */
const OR_NOT_REPORTED = new RegExp(
  String.raw`(?<=\S)(?:\s*,\s*|\s+)or\s+(?:${AUXILIARIES}|isn['’]t|wasn['’]t|aren['’]t|don['’]t|doesn['’]t|didn['’]t)\b[^?]*\b(?:${THE_REPORTS}|known|unknown|covered|mentioned|reported)\b[^?]*(\?*)\s*$`,
  "iu",
);

function afterTheQuestion(text: string): string {
  let cut = text.replace(AFTER_QUESTION_MARK, "$1").replace(OR_NOT_REPORTED, "$1");
  const dashAside = TRAILING_DASH_ASIDE.exec(cut);
  const dashed = dashAside?.[1] ?? "";
  // Not a question of its own ("Mosul offensive - when?").
  const asks = dashed.includes("?") || OPENING_QUESTION_WORD.test(dashed);
  if (dashAside && !asks && allSayNothing(dashed) && hasWords(cut.slice(0, dashAside.index)))
    cut = cut.slice(0, dashAside.index);
  const aside = CLOSING_ASIDE.exec(cut);
  // An aside with a number or a name may be what is asked ("(in 2010)", "(the Reuters figure)").
  if (aside && !NAMED_IN_LEAD.test(aside[1] ?? "") && hasWords(cut.slice(0, aside.index)))
    return cut.slice(0, aside.index);
  return cut;
}

/** "a timeline of", "the chronology for", "key dates in", "timeline": what a timeline's topic asks for, not what it is about. */
const TIMELINE_WORDS =
  /^(?:(?:a|the)\s+)?(?:(?:full|short|quick|brief)\s+)?(?:timeline|chronology|history|(?:key|main|major)\s+(?:dates|events|moments))(?:\s+(?:of|for|about|on|in))?\b\s*|\s*\b(?:timeline|chronology)$/i;

/**
 * What a timeline's topic is about, without a chat's frame or the words asking for a timeline:
 * "can you show me a timeline of the relief well pls" is "the relief well". A topic's words must
 * all be found, so each of these words left nothing to show. The topic as typed when nothing else
 * is left.
 */
export function topicAsked(topic: string): string {
  let text = withoutRequestFrame(topic);
  for (;;) {
    const next = withoutRequestFrame(text.replace(TIMELINE_WORDS, "").trim());
    if (next === text) break;
    text = next;
  }
  return hasWords(text) ? text : topic.trim();
}
