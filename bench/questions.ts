/**
 * Realistic questions for the benchmarks: what analysts ask of each story, plus the same questions
 * with typos and date phrases, so fuzzy fallback and date narrowing are part of the measured mix.
 */
export const MOSUL_QUESTIONS = [
  "How many people have fled Mosul?",
  "When did Isis seize Mosul?",
  "When did the offensive to retake Mosul begin?",
  "What happened to the Grand Mosque?",
  "How many militants are left in the Old City?",
  "What did Brigadier General Sofge say?",
  "How many civilians are trapped in the Old City?",
  "What did the UN warn about displaced people?",
  "Where are the Peshmerga holding positions?",
  "Daesh booby traps and suicide bombers",
  "Which villages were retaken on the first day?",
  "What did Human Rights Watch say about displaced families?",
  "Suicide bombing near Basra",
  "Haider al-Abadi victory announcement",
  "How close are forces to the Tigris river?",
  "Raqqa operation and the end of the caliphate",
];

export const TIMELINE17_QUESTIONS = [
  "When did the Deepwater Horizon rig explode?",
  "How much oil leaked into the Gulf of Mexico?",
  "When was the BP well finally sealed?",
  "What did Tony Hayward say about the spill?",
  "How much has the oil spill cost BP?",
  "BP compensation fund for fishermen",
  "Top kill attempt to stop the leak",
  "Coast Guard Thad Allen relief well",
  "Obama moratorium on deepwater drilling",
  "Oil reaching the Louisiana coast and marshes",
  "Dispersants used on the oil slick",
  "BP share price and dividend",
  "Transocean and Halliburton blame for the blowout",
  "How many people died in the Haiti earthquake?",
  "Aid reaching Port-au-Prince",
  "Cholera outbreak in Haiti",
  "Haitian president Preval and the government response",
  "Rescue teams pulling survivors from the rubble",
  "When did Michael Jackson die?",
  "Conrad Murray charged with involuntary manslaughter",
  "Propofol found in Michael Jackson's body",
  "Michael Jackson memorial service at Staples Center",
  "This Is It concert rehearsals",
  "Swine flu pandemic declared by the WHO",
  "H1N1 vaccine shortages",
  "How many people have died of swine flu?",
  "Mexico swine flu outbreak schools closed",
  "Tamiflu antiviral treatment",
  "Protesters in Tahrir Square",
  "When did Mubarak step down?",
  "Egyptian army and the protesters",
  "Internet shut down in Egypt",
  "Omar Suleiman named vice president",
  "Lehman Brothers bankruptcy",
  "Federal Reserve interest rate cut",
  "Bank bailout approved by Congress",
  "AIG rescue by the government",
  "Unemployment rate rises",
  "Stimulus package passed by the Senate",
  "Goldman Sachs fraud charges",
];

/** Swaps two neighbouring letters in the longest word: the commonest kind of typo. */
function withTypo(question: string): string {
  const words = question.split(" ");
  let longest = 0;
  words.forEach((w, i) => {
    if (w.length > (words[longest]?.length ?? 0)) longest = i;
  });
  const word = words[longest] ?? "";
  if (word.length < 5) return question;
  const i = Math.floor(word.length / 2);
  words[longest] = word.slice(0, i - 1) + word[i] + word[i - 1] + word.slice(i + 1);
  return words.join(" ");
}

/** `count` questions cycling through the base list as-is, with a typo, and with a date phrase. */
export function questionMix(base: string[], datePhrases: string[], count: number): string[] {
  const out: string[] = [];
  for (let i = 0; out.length < count; i++) {
    const q = base[i % base.length] as string;
    const variant = Math.floor(i / base.length) % 3;
    if (variant === 0) out.push(q);
    else if (variant === 1) out.push(withTypo(q));
    else out.push(`${q.replace(/\?$/, "")} in ${datePhrases[i % datePhrases.length]}`);
  }
  return out;
}
