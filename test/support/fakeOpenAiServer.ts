/** The loopback OpenAI-compatible server lives with the fixtures, as the benchmarks use it too. */
export { type Behaviour, FakeOpenAiServer, type RecordedRequest } from '../../scripts/fixtures/openAiServer.js';
