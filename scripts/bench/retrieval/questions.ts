/** The question set: questions.json, parsed with zod so a typo in a hand-written entry fails loudly. */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const questionSchema = z
  .object({
    id: z.string().min(1),
    /** A `BenchDocumentSource.name`. */
    document: z.string().min(1),
    /** PDF page indexes, 1-based, on which the answer stands; any of them counts as found. */
    pages: z.array(z.number().int().min(1)).min(1),
    question: z.string().min(1),
    /** The language the question is asked in (BCP 47), which may differ from the document's. */
    language: z.string().min(2),
  })
  .strict();

export type BenchQuestion = z.infer<typeof questionSchema>;

export function readQuestions(): BenchQuestion[] {
  const text = fs.readFileSync(path.join(import.meta.dirname, 'questions.json'), 'utf8');
  const questions = z.array(questionSchema).parse(JSON.parse(text));
  const ids = new Set<string>();
  for (const question of questions) {
    if (ids.has(question.id)) throw new Error(`questions.json: id ${question.id} appears twice`);
    ids.add(question.id);
  }
  return questions;
}
