/**
 * A conversation as a plain transcript, for a base (pretrained) model that never learned a chat format:
 *
 *     You are helpful.
 *
 *     User: What is the capital of France?
 *
 *     Assistant:
 *
 * A base model continues such text as the next line of a dialogue; with no special tokens there is
 * nothing for it to misread. Checked with Gemma 3 270M (base): this answers "Paris", while
 * node-llama-cpp's fallbacks (its Gemma wrapper by architecture, or GeneralChatWrapper's "### Human")
 * made it repeat the question. The reply ends where the model starts the next speaker's line, so it
 * never writes the user's next turn.
 */
import {
  type ChatHistoryItem,
  type ChatModelResponse,
  ChatWrapper,
  type ChatWrapperGenerateContextStateOptions,
  type ChatWrapperGeneratedContextState,
  LlamaText,
  SpecialToken,
} from 'node-llama-cpp';

export const plainTextSpeakers = { user: 'User:', assistant: 'Assistant:' } as const;

export interface PlainTextChatWrapperOptions {
  /** Whether the prompt starts with BOS: as the vocabulary asks (`tokenizer.ggml.add_bos_token`). */
  addBos: boolean;
}

export class PlainTextChatWrapper extends ChatWrapper {
  public readonly wrapperName = 'PlainText';
  private readonly addBos: boolean;

  public constructor(options: PlainTextChatWrapperOptions) {
    super();
    this.addBos = options.addBos;
  }

  public override generateContextState({ chatHistory }: ChatWrapperGenerateContextStateOptions): ChatWrapperGeneratedContextState {
    const last = chatHistory.length - 1;
    // Every value is plain text: a message that writes "<start_of_turn>" stays those characters.
    const text = chatHistory.map((item, index) => transcriptEntry(item, index === last)).join('');
    return {
      contextText: LlamaText(this.addBos ? [new SpecialToken('BOS'), text] : [text]),
      stopGenerationTriggers: [
        LlamaText(new SpecialToken('EOS')),
        LlamaText(new SpecialToken('EOT')),
        LlamaText(`\n${plainTextSpeakers.user}`),
        LlamaText(`\n${plainTextSpeakers.assistant}`),
      ],
    };
  }
}

/**
 * One entry of the transcript. The reply being written (the last entry) is its speaker's label and the
 * text so far, exactly as generated: the prompt must grow by the generated text alone, and a reply's
 * first token carries its own leading space (" The"). A finished reply is written like a user's line.
 */
function transcriptEntry(item: ChatHistoryItem, inProgress: boolean): string {
  if (item.type === 'system') return `${LlamaText.fromJSON(item.text).toString()}\n\n`;
  if (item.type === 'user') return `${plainTextSpeakers.user} ${item.text.trim()}\n\n`;
  const reply = responseText(item.response);
  if (!inProgress) return `${plainTextSpeakers.assistant} ${reply.trim()}\n\n`;
  // A reply saved without its leading space (continued later) still reads "Assistant: text".
  return `${plainTextSpeakers.assistant}${reply === '' || /^\s/.test(reply) ? reply : ` ${reply}`}`;
}

function responseText(response: ChatModelResponse['response']): string {
  return response.filter((part) => typeof part === 'string').join('');
}
