/**
 * Technology detection: which agent should implement a story, and why. Scores the story's text
 * against a signal table (each distinct signal counts once), then picks the best agent; every
 * point is listed in the evidence so `nx show project` and `stories plan` can show the reasoning.
 * Pure.
 *
 * Rules, in order:
 * 1. an explicit `agent` in the story wins;
 * 2. `none` (documentation only: nothing is implemented) needs `NONE_MIN_SCORE` points and a
 *    strict lead over every other agent, because choosing it skips the work;
 * 3. otherwise the highest score wins if it reaches `MIN_SCORE` and is not tied;
 * 4. else `general-developer`.
 *
 * Sections the orchestrator or a past run wrote (`## Review`, BMAD's `## Dev Agent Record`,
 * `## QA Results`, `## Change Log`) are not read: the choice depends on what the story asks for.
 *
 * Inference runs this for every story of the workspace: the table is compiled once and most
 * signals are ruled out by a word lookup before any RegExp runs (`detection-matchers.ts`).
 */
import type { Story } from '../stories/types';
import { compileDetectionTable, findCompiledSignal, keyWords, type SignalText } from './detection-matchers';
import { DEFAULT_DETECTION_SIGNALS, DOCUMENTATION_ONLY_AGENT, FALLBACK_AGENT, type DetectionTable } from './detection-signals';

/** Points an agent needs to be chosen. */
export const MIN_SCORE = 3;
/** Points `none` needs (with a strict lead) to be chosen. */
export const NONE_MIN_SCORE = 5;

/** The chosen agent, the reasons, and every agent's score. */
export interface AgentDetection {
  agent: string;
  evidence: string[];
  scores: Record<string, number>;
}

const IGNORED_SECTIONS = /^(review|dev agent record|qa results|change ?log)\b/i;

/** Chooses the agent for `story` from its markdown `text`. */
export function detectAgent(args: {
  story: Pick<Story, 'agent' | 'title'>;
  text: string;
  signals?: DetectionTable;
}): AgentDetection {
  const explicit = args.story.agent?.trim();
  if (explicit) return { agent: explicit, evidence: [`explicit agent field: ${explicit}`], scores: {} };

  const table = compileDetectionTable(args.signals ?? DEFAULT_DETECTION_SIGNALS);
  const { body, headings: bodyHeadings } = readMarkdown(args.text);
  const headings = [args.story.title, ...bodyHeadings].filter(Boolean);
  const text: SignalText = { body, headings, bodyWords: keyWords({ table, texts: [body] }), headingWords: keyWords({ table, texts: headings }) };
  const scores: Record<string, number> = {};
  const evidence: string[] = [];
  for (const { agent, signals } of table.agents) {
    scores[agent] = 0;
    for (const compiled of signals) {
      const found = findCompiledSignal({ compiled, text });
      if (!found) continue;
      scores[agent] += compiled.signal.weight;
      evidence.push(`${agent} +${compiled.signal.weight}: ${found}`);
    }
  }
  const { agent, why } = choose(scores);
  return { agent, evidence: [...evidence, why], scores };
}

function choose(scores: Record<string, number>): { agent: string; why: string } {
  const ranked = Object.entries(scores).sort((a, b) => b[1] - a[1]);
  const none = scores[DOCUMENTATION_ONLY_AGENT] ?? 0;
  const others = ranked.filter(([agent]) => agent !== DOCUMENTATION_ONLY_AGENT);
  const bestOther = others[0]?.[1] ?? 0;
  if (none >= NONE_MIN_SCORE && none > bestOther) {
    return { agent: DOCUMENTATION_ONLY_AGENT, why: `chose none (documentation only): ${none} points, ahead of every implementing agent (best ${bestOther})` };
  }
  const [first, second] = others;
  if (!first || first[1] < MIN_SCORE) {
    return { agent: FALLBACK_AGENT, why: `chose ${FALLBACK_AGENT}: no agent reached ${MIN_SCORE} points` };
  }
  if (second && second[1] === first[1] && first[0] !== FALLBACK_AGENT && second[0] !== FALLBACK_AGENT) {
    return { agent: FALLBACK_AGENT, why: `chose ${FALLBACK_AGENT}: ${first[0]} and ${second[0]} tie at ${first[1]} points` };
  }
  const runnerUp = second ? `; next: ${second[0]} ${second[1]}` : '';
  return { agent: first[0], why: `chose ${first[0]} with ${first[1]} points${runnerUp}` };
}

/**
 * The text without the sections detection must not read (each up to the next heading of the same
 * or a higher level), and the headings of what remains; `#` lines inside code fences are code.
 */
function readMarkdown(text: string): { body: string; headings: string[] } {
  const kept: string[] = [];
  const headings: string[] = [];
  let skipLevel = 0;
  let inFence = false;
  for (const line of text.split('\n')) {
    if (/^ {0,3}(```|~~~)/.test(line)) inFence = !inFence;
    const heading = inFence ? null : /^ {0,3}(#{1,6})[ \t]+(.+?)[ \t#]*$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      if (skipLevel && level <= skipLevel) skipLevel = 0;
      if (!skipLevel && IGNORED_SECTIONS.test(heading[2])) skipLevel = level;
      if (!skipLevel) headings.push(heading[2]);
    }
    if (!skipLevel) kept.push(line);
  }
  return { body: kept.join('\n'), headings };
}
