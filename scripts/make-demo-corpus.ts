/**
 * Generates public/demo/demo-en.conllu, the built-in English demo corpus.
 *
 * Why it exists: a first-time user should be able to run Linguistic Correlation
 * Analysis (LCA) without uploading anything, so Salient ships a small annotated
 * corpus. Every sentence is original, produced here from a hand-written lexicon
 * and a handful of templates (nothing is copied from a treebank), annotated with
 * UD UPOS / FEATS / dependency trees and Penn Treebank XPOS. A seeded PRNG makes
 * the output byte-for-byte reproducible.
 *
 * Regenerate: npx tsx scripts/make-demo-corpus.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRng } from '../src/core/util/random';

const N_SENTENCES = 200;
const SEED = 42;
const OUT = resolve(dirname(fileURLToPath(import.meta.url)), '../public/demo/demo-en.conllu');

const rand = createRng(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const chance = (p: number): boolean => rand() < p;

// ---------------------------------------------------------------- lexicon
interface Word { form: string; lemma: string; upos: string; xpos: string; feats: string }
const w = (form: string, lemma: string, upos: string, xpos: string, feats = '_'): Word =>
  ({ form, lemma, upos, xpos, feats });

const F = {
  def: 'Definite=Def|PronType=Art', ind: 'Definite=Ind|PronType=Art',
  sg: 'Number=Sing', pl: 'Number=Plur', adj: 'Degree=Pos', card: 'NumType=Card',
  past: 'Mood=Ind|Tense=Past|VerbForm=Fin', pres: 'Mood=Ind|Tense=Pres|VerbForm=Fin',
  pres3: 'Mood=Ind|Number=Sing|Person=3|Tense=Pres|VerbForm=Fin',
  inf: 'VerbForm=Inf', ger: 'Tense=Pres|VerbForm=Part', modal: 'VerbForm=Fin',
};

type Noun = [sg: string, pl: string];
const nouns = (s: string): Noun[] => s.split(' ').map((p) => p.split('/') as Noun);
const PEOPLE = nouns('farmer/farmers teacher/teachers child/children student/students doctor/doctors girl/girls '
  + 'boy/boys neighbor/neighbors artist/artists baker/bakers woman/women man/men');
const ANIMALS = nouns('dog/dogs cat/cats bird/birds horse/horses');
const THINGS = nouns('book/books letter/letters window/windows door/doors cake/cakes song/songs picture/pictures '
  + 'bicycle/bicycles box/boxes lamp/lamps map/maps apple/apples fence/fences boat/boats key/keys story/stories '
  + 'basket/baskets pie/pies');
const PLACES: [string, string[]][] = [
  ['river', ['near', 'along', 'across']], ['kitchen', ['in']], ['garden', ['in', 'behind']],
  ['station', ['at', 'near']], ['library', ['in', 'near']], ['market', ['at', 'near']],
  ['park', ['in', 'through']], ['table', ['under', 'near']], ['bridge', ['on', 'under']],
  ['school', ['at', 'behind']], ['hill', ['on', 'behind']],
];
const NAMES = ['Anna', 'Tom', 'Maria', 'David', 'Lena', 'Omar', 'Sofia', 'Peter', 'Yuki', 'Ravi'];
const AGENT_ADJS = ['friendly', 'young', 'tall', 'happy', 'tired', 'clever', 'quiet', 'kind'];
const THING_ADJS = ['old', 'new', 'small', 'large', 'red', 'green'];
const ADJS_BY_NOUN: Record<string, string[]> = { // nouns where the generic list sounds odd
  box: ['heavy', 'empty', 'small', 'large'], basket: ['heavy', 'empty', 'small'], song: ['short', 'new', 'funny', 'old'],
  story: ['short', 'long', 'funny', 'new'], cake: ['large', 'small', 'fresh'], pie: ['fresh', 'small', 'large'], key: ['small', 'old', 'new'],
};
const thingAdjs = (sg: string) => ADJS_BY_NOUN[sg] ?? THING_ADJS;
const PLACE_ADJS = ['old', 'small', 'large'];
const STATE_ADJS = ['happy', 'tired', 'busy', 'hungry', 'ready', 'quiet', 'late', 'angry'];
const NUMS = ['two', 'three', 'four', 'five', 'six', 'seven', 'ten', 'twelve'];
const MANNER_ADVS = ['quietly', 'slowly', 'carefully', 'quickly', 'happily', 'again'];
const FREQ_ADVS = ['often', 'always', 'sometimes', 'usually', 'rarely'];
const FRONT_ADVS = ['Later', 'Suddenly', 'Finally', 'Afterwards', 'Meanwhile'];
const MODALS = ['can', 'will', 'should', 'might', 'must'];

interface Verb { base: string; s3: string; past: string; ing: string; objs: string[] | 'person' | null; animals: boolean }
/** forms = "base 3sg past gerund"; objs = allowed object nouns, 'person', or null (intransitive). */
const V = (forms: string, objs: string | null, animals = false): Verb => {
  const [base, s3, past, ing] = forms.split(' ');
  return { base, s3, past, ing, objs: objs === 'person' || objs === null ? objs : objs.split(' '), animals };
};
const TRANSITIVE: Verb[] = [
  V('open opens opened opening', 'window door box letter'), V('read reads read reading', 'book letter map story'),
  V('paint paints painted painting', 'picture fence door boat'), V('find finds found finding', 'key map book box basket', true),
  V('carry carries carried carrying', 'box lamp basket book'), V('repair repairs repaired repairing', 'bicycle fence lamp boat door'),
  V('buy buys bought buying', 'cake apple map bicycle lamp basket'), V('write writes wrote writing', 'letter song story'),
  V('bake bakes baked baking', 'cake pie'), V('clean cleans cleaned cleaning', 'window lamp boat bicycle'),
  V('help helps helped helping', 'person'), V('visit visits visited visiting', 'person'),
  V('call calls called calling', 'person'), V('follow follows followed following', 'person', true),
];
const INTRANSITIVE: Verb[] = [
  V('sleep sleeps slept sleeping', null, true), V('wait waits waited waiting', null, true), V('run runs ran running', null, true),
  V('sit sits sat sitting', null, true), V('rest rests rested resting', null, true), V('laugh laughs laughed laughing', null),
  V('work works worked working', null), V('sing sings sang singing', null), V('dance dances danced dancing', null),
  V('smile smiles smiled smiling', null), V('arrive arrives arrived arriving', null),
];

interface Agr { num: 'Sing' | 'Plur'; person: 1 | 2 | 3 }
const is3sg = (a: Agr) => a.person === 3 && a.num === 'Sing';
const prs = (p: string) => `${p}|PronType=Prs`;
const SUBJ_PRONS: [string, string, Agr][] = [
  ['I', prs('Case=Nom|Number=Sing|Person=1'), { num: 'Sing', person: 1 }], ['you', prs('Case=Nom|Person=2'), { num: 'Plur', person: 2 }],
  ['he', prs('Case=Nom|Gender=Masc|Number=Sing|Person=3'), { num: 'Sing', person: 3 }],
  ['she', prs('Case=Nom|Gender=Fem|Number=Sing|Person=3'), { num: 'Sing', person: 3 }],
  ['we', prs('Case=Nom|Number=Plur|Person=1'), { num: 'Plur', person: 1 }], ['they', prs('Case=Nom|Number=Plur|Person=3'), { num: 'Plur', person: 3 }],
];
const OBJ_PRONS: [string, string, string][] = [ // form, lemma, feats
  ['me', 'I', prs('Case=Acc|Number=Sing|Person=1')], ['him', 'he', prs('Case=Acc|Gender=Masc|Number=Sing|Person=3')],
  ['her', 'she', prs('Case=Acc|Gender=Fem|Number=Sing|Person=3')], ['us', 'we', prs('Case=Acc|Number=Plur|Person=1')],
  ['them', 'they', prs('Case=Acc|Number=Plur|Person=3')],
];

// Inflection helpers.
const finite = (v: Verb, a: Agr, past: boolean): Word =>
  past ? w(v.past, v.base, 'VERB', 'VBD', F.past)
    : is3sg(a) ? w(v.s3, v.base, 'VERB', 'VBZ', F.pres3) : w(v.base, v.base, 'VERB', 'VBP', F.pres);
const bare = (v: Verb) => w(v.base, v.base, 'VERB', 'VB', F.inf);
const gerund = (v: Verb) => w(v.ing, v.base, 'VERB', 'VBG', F.ger);
const doAux = (a: Agr, past: boolean): Word =>
  past ? w('did', 'do', 'AUX', 'VBD', F.past) : is3sg(a) ? w('does', 'do', 'AUX', 'VBZ', F.pres3) : w('do', 'do', 'AUX', 'VBP', F.pres);
function be(a: Agr, past: boolean): Word {
  if (past) return a.num === 'Sing' && a.person !== 2
    ? w('was', 'be', 'AUX', 'VBD', `Mood=Ind|Number=Sing|Person=${a.person}|Tense=Past|VerbForm=Fin`)
    : w('were', 'be', 'AUX', 'VBD', F.past);
  if (a.person === 1 && a.num === 'Sing') return w('am', 'be', 'AUX', 'VBP', 'Mood=Ind|Number=Sing|Person=1|Tense=Pres|VerbForm=Fin');
  return is3sg(a) ? w('is', 'be', 'AUX', 'VBZ', F.pres3) : w('are', 'be', 'AUX', 'VBP', F.pres);
}
const adv = (form: string) => w(form, form.toLowerCase(), 'ADV', 'RB');
const not = () => w('not', 'not', 'PART', 'RB', 'Polarity=Neg');

// ---------------------------------------------------------------- sentence builder
interface Tok extends Word { head: number; rel: string; spaceAfter: boolean }
class Sentence {
  toks: Tok[] = [];
  /** Append a word; head is a 0-based token index, -1 for root, -2 = "linked later". */
  add(word: Word, head = -2, rel = ''): number { return this.toks.push({ ...word, head, rel, spaceAfter: true }) - 1; }
  /** Attach token i (ignored when i < 0, i.e. an optional word that was not generated). */
  link(i: number, head: number, rel: string): void { if (i >= 0) Object.assign(this.toks[i], { head, rel }); }
  /** Fill in a placeholder token whose form depends on words added after it (e.g. "does" before its subject). */
  put(i: number, word: Word): void { Object.assign(this.toks[i], word); }
  punct(form: string, head = -2): number {
    this.toks[this.toks.length - 1].spaceAfter = false;
    return this.add(w(form, form, 'PUNCT', form === ',' ? ',' : '.'), head, 'punct');
  }
}

/** det/num + optional adj + noun; returns the noun's index and agreement. */
function nounPhrase(s: Sentence, pool: Noun[], adjs: (sg: string) => string[], numOk = true): [number, Agr] {
  const [sg, pl] = pick(pool);
  const r = rand();
  const adj = chance(0.4) ? pick(adjs(sg)) : null;
  let det: Word; let plural = false;
  if (numOk && r < 0.15) { const n = pick(NUMS); det = w(n, n, 'NUM', 'CD', F.card); plural = true; }
  else if (r < 0.25) {
    plural = chance(0.5);
    const [form, lemma] = pick(plural ? [['these', 'this'], ['those', 'that']] : [['this', 'this'], ['that', 'that']]);
    det = w(form, lemma, 'DET', 'DT', `Number=${plural ? 'Plur' : 'Sing'}|PronType=Dem`);
  }
  else if (r < 0.5) det = w(/^[aeiou]/.test(adj ?? sg) ? 'an' : 'a', 'a', 'DET', 'DT', F.ind);
  else { det = w('the', 'the', 'DET', 'DT', F.def); plural = chance(0.35); }
  const d = s.add(det);
  const a = adj ? s.add(w(adj, adj, 'ADJ', 'JJ', F.adj)) : -1;
  const n = s.add(plural ? w(pl, sg, 'NOUN', 'NNS', F.pl) : w(sg, sg, 'NOUN', 'NN', F.sg));
  s.link(d, n, det.upos === 'NUM' ? 'nummod' : 'det'); s.link(a, n, 'amod');
  return [n, { num: plural ? 'Plur' : 'Sing', person: 3 }];
}
const propn = (s: Sentence): [number, Agr] => {
  const n = pick(NAMES);
  return [s.add(w(n, n, 'PROPN', 'NNP', F.sg)), { num: 'Sing', person: 3 }];
};

function subject(s: Sentence, animals: boolean, pronOk = true): [number, Agr] {
  const r = rand();
  if (pronOk && r < 0.2) { const [f, feats, a] = pick(SUBJ_PRONS); return [s.add(w(f, f, 'PRON', 'PRP', feats)), a]; }
  if (r < 0.4) return propn(s);
  return nounPhrase(s, animals && chance(0.35) ? ANIMALS : PEOPLE, () => AGENT_ADJS);
}

function object(s: Sentence, v: Verb, subj: Agr, pronOk = true): number {
  if (v.objs === 'person') {
    const r = rand();
    if (r < 0.3) return propn(s)[0];
    if (pronOk && r < 0.55) {
      const [f, l, feats] = pick(OBJ_PRONS.filter(([, l2]) => subj.person !== 1 || (l2 !== 'I' && l2 !== 'we')));
      return s.add(w(f, l, 'PRON', 'PRP', feats));
    }
    return nounPhrase(s, PEOPLE, () => AGENT_ADJS)[0];
  }
  if (pronOk && chance(0.1)) return chance(0.5) ? s.add(w('it', 'it', 'PRON', 'PRP', prs('Gender=Neut|Number=Sing|Person=3')))
    : s.add(w('them', 'they', 'PRON', 'PRP', prs('Case=Acc|Number=Plur|Person=3')));
  const allowed = v.objs ?? [];
  return nounPhrase(s, THINGS.filter(([sg]) => allowed.includes(sg)), thingAdjs)[0];
}

/** Prepositional phrase attached to `head` as obl; `where` keeps to "in/at the <place>". */
function pp(s: Sentence, head: number, where = false): void {
  const [place, preps] = pick(where ? PLACES.filter(([, ps]) => ps[0] === 'in' || ps[0] === 'at') : PLACES);
  const prep = where ? preps[0] : pick(preps); const adj = chance(0.3) ? pick(PLACE_ADJS) : null;
  const c = s.add(w(prep, prep, 'ADP', 'IN'));
  const d = s.add(w('the', 'the', 'DET', 'DT', F.def));
  const a = adj ? s.add(w(adj, adj, 'ADJ', 'JJ', F.adj)) : -1;
  const n = s.add(w(place, place, 'NOUN', 'NN', F.sg), head, 'obl');
  s.link(c, n, 'case'); s.link(d, n, 'det'); s.link(a, n, 'amod');
}

/** Object (if transitive) plus an optional adverb or PP after the verb. */
function complements(s: Sentence, v: Verb, vi: number, subj: Agr): void {
  if (v.objs) s.link(object(s, v, subj), vi, 'obj');
  if (chance(0.25)) s.add(adv(pick(v.objs ? MANNER_ADVS : ['quietly', 'happily', 'again'])), vi, 'advmod');
  else if (chance(0.45)) pp(s, vi);
}
const anyVerb = (): Verb => (chance(0.6) ? pick(TRANSITIVE) : pick(INTRANSITIVE));

// ---------------------------------------------------------------- templates
const TEMPLATES: [number, (s: Sentence) => void][] = [
  [4, function declarative(s) {
    const v = anyVerb(); const past = chance(0.5);
    const front = past && chance(0.3) ? [s.add(adv(pick(FRONT_ADVS))), s.punct(',')] : [];
    const [subj, a] = subject(s, v.animals);
    const freq = !front.length && chance(0.2) ? s.add(adv(pick(FREQ_ADVS))) : -1;
    const vi = s.add(finite(v, a, past), -1, 'root');
    s.link(subj, vi, 'nsubj'); s.link(freq, vi, 'advmod');
    if (front.length) { s.link(front[0], vi, 'advmod'); s.link(front[1], vi, 'punct'); }
    complements(s, v, vi, a); s.punct('.', vi);
  }],
  [6, function auxiliary(s) { // "she can open …", "we did not wait …", "the boys are painting …"
    const v = anyVerb(); const kind = pick(['modal', 'do', 'progressive'] as const);
    const [subj, a] = subject(s, v.animals);
    const negated = kind === 'do' || chance(0.25);
    const md = pick(MODALS.filter((x) => !negated || x !== 'can')); // avoid "can not" (UD splits "cannot")
    const x = s.add(kind === 'modal' ? w(md, md, 'AUX', 'MD', F.modal) : kind === 'do' ? doAux(a, chance(0.5)) : be(a, chance(0.5)));
    const neg = negated ? s.add(not()) : -1;
    const vi = s.add(kind === 'progressive' ? gerund(v) : bare(v), -1, 'root');
    s.link(subj, vi, 'nsubj'); s.link(x, vi, 'aux'); s.link(neg, vi, 'advmod');
    complements(s, v, vi, a); s.punct('.', vi);
  }],
  [2, function copula(s) {
    const [subj, a] = subject(s, true);
    const b = s.add(be(a, chance(0.5)));
    const neg = chance(0.2) ? s.add(not()) : -1;
    const very = chance(0.4) ? s.add(adv('very')) : -1;
    const adj = pick(STATE_ADJS); const root = s.add(w(adj, adj, 'ADJ', 'JJ', F.adj), -1, 'root');
    s.link(subj, root, 'nsubj'); s.link(b, root, 'cop'); s.link(neg, root, 'advmod'); s.link(very, root, 'advmod');
    if (chance(0.3)) pp(s, root, true);
    s.punct('.', root);
  }],
  [1.5, function yesNo(s) {
    const v = anyVerb(); const md = chance(0.3) ? pick(['can', 'will', 'should']) : null;
    const auxI = s.add(w('', '', 'AUX', 'MD')); // placeholder: do/does agrees with the subject
    const [subj, a] = subject(s, v.animals);
    s.put(auxI, md ? w(md, md, 'AUX', 'MD', F.modal) : doAux(a, chance(0.5)));
    const vi = s.add(bare(v), -1, 'root');
    s.link(auxI, vi, 'aux'); s.link(subj, vi, 'nsubj');
    complements(s, v, vi, a); s.punct('?', vi);
  }],
  [1, function whQuestion(s) {
    if (chance(0.35)) { // Who + past verb
      const v = pick(TRANSITIVE); const who = s.add(w('Who', 'who', 'PRON', 'WP', 'PronType=Int'));
      const vi = s.add(finite(v, { num: 'Sing', person: 3 }, true), -1, 'root'); s.link(who, vi, 'nsubj');
      s.link(object(s, v, { num: 'Sing', person: 3 }), vi, 'obj'); s.punct('?', vi); return;
    }
    const what = chance(0.5); const v = what ? pick(TRANSITIVE.filter((x) => x.objs !== 'person')) : anyVerb();
    const wh = s.add(what ? w('What', 'what', 'PRON', 'WP', 'PronType=Int') : w('Where', 'where', 'ADV', 'WRB', 'PronType=Int'));
    const d = s.add(w('', '', 'AUX', 'VBD'));
    const [subj, a] = subject(s, v.animals);
    s.put(d, doAux(a, chance(0.5)));
    const vi = s.add(bare(v), -1, 'root');
    s.link(wh, vi, what ? 'obj' : 'advmod'); s.link(d, vi, 'aux'); s.link(subj, vi, 'nsubj');
    if (!what && v.objs) s.link(object(s, v, a), vi, 'obj');
    s.punct('?', vi);
  }],
  [2, function coordination(s) {
    const kind = rand(); const past = chance(0.6);
    if (kind < 0.35) { // Anna and the farmer V ...
      const v = anyVerb(); const [s1] = subject(s, false, false);
      const cc = s.add(w('and', 'and', 'CCONJ', 'CC')); const [s2] = subject(s, false, false);
      const vi = s.add(finite(v, { num: 'Plur', person: 3 }, past), -1, 'root');
      s.link(s1, vi, 'nsubj'); s.link(s2, s1, 'conj'); s.link(cc, s2, 'cc');
      complements(s, v, vi, { num: 'Plur', person: 3 }); s.punct('.', vi);
    } else if (kind < 0.7) { // X laughed and sang
      const v1 = pick(INTRANSITIVE); const v2 = pick(INTRANSITIVE.filter((x) => x !== v1 && (v1.animals ? x.animals : true)));
      const [subj, a] = subject(s, v1.animals && v2.animals);
      const vi = s.add(finite(v1, a, past), -1, 'root'); s.link(subj, vi, 'nsubj');
      const cc = s.add(w('and', 'and', 'CCONJ', 'CC'));
      const v2i = s.add(finite(v2, a, past), vi, 'conj'); s.link(cc, v2i, 'cc');
      if (chance(0.5)) pp(s, v2i);
      s.punct('.', vi);
    } else { // X bought a cake and two apples
      const v = pick(TRANSITIVE); const [subj, a] = subject(s, v.animals);
      const vi = s.add(finite(v, a, past), -1, 'root'); s.link(subj, vi, 'nsubj');
      const o1 = object(s, v, a, false); s.link(o1, vi, 'obj');
      const cc = s.add(w('and', 'and', 'CCONJ', 'CC'));
      const o2 = object(s, v, a, false); s.link(o2, o1, 'conj'); s.link(cc, o2, 'cc');
      s.punct('.', vi);
    }
  }],
];

// ---------------------------------------------------------------- output
function render(s: Sentence, id: number): string {
  const t = s.toks;
  t[0].form = t[0].form[0].toUpperCase() + t[0].form.slice(1);
  if (t.filter((x) => x.head === -1).length !== 1 || t.some((x) => x.head < -1 || x.head >= t.length || !x.rel || !x.form))
    throw new Error(`bad tree in sentence ${id}`);
  const text = t.map((x, i) => x.form + (i < t.length - 1 && x.spaceAfter ? ' ' : '')).join('');
  const rows = t.map((x, i) => [i + 1, x.form, x.lemma, x.upos, x.xpos, x.feats, x.head + 1, x.rel, '_',
    x.spaceAfter ? '_' : 'SpaceAfter=No'].join('\t'));
  return [`# sent_id = demo-${id}`, `# text = ${text}`, ...rows].join('\n') + '\n\n';
}

const total = TEMPLATES.reduce((acc, [wt]) => acc + wt, 0);
const seen = new Set<string>();
let out = '# newdoc id = salient-demo\n# generator = scripts/make-demo-corpus.ts (original sentences, seed 42)\n';
while (seen.size < N_SENTENCES) {
  let r = rand() * total; let i = 0;
  while (r >= TEMPLATES[i][0]) r -= TEMPLATES[i++][0];
  const s = new Sentence();
  TEMPLATES[i][1](s);
  const content = s.toks.filter((x) => ['NOUN', 'PROPN', 'ADJ'].includes(x.upos)).map((x) => x.lemma);
  if (new Set(content).size !== content.length) continue; // avoid "the tired farmer was tired"
  const block = render(s, seen.size + 1);
  const text = block.split('\n')[1];
  if (!seen.has(text)) { seen.add(text); out += block; }
}
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, out);
console.log(`wrote ${N_SENTENCES} sentences to ${OUT}`);
