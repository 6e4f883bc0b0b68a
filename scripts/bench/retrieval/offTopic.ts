/**
 * Questions none of the bench's manuals answers, in their languages: whatever passes the relevance
 * floor for them is a passage given to the model for nothing. The floor is set so that few do while
 * the answer pages of the real questions stay in.
 */
export const offTopicQuestions: readonly string[] = [
  'What is the capital of France?',
  'Who won the football world cup in 1998?',
  'How long should I bake a loaf of sourdough bread?',
  'What are the symptoms of seasonal flu?',
  'How do I reset the password of my email account?',
  'Which wine goes well with grilled salmon?',
  'When does the morning ferry leave the harbour?',
  'How many vacation days do new employees get?',
  'What should a patient do after being discharged from hospital?',
  'How do I change a flat tyre on a bicycle?',
  'Wie spät fährt der letzte Zug nach Berlin?',
  'Quel temps fera-t-il demain à Paris ?',
];
