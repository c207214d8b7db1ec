/** n8n node type -> mapper. Types not listed import as 'unsupported' nodes. */
import type { Mapper } from './types';
import * as core from './core';
import * as data from './data';
import { httpRequest } from './http';
import * as triggers from './triggers';
import * as ai from './ai';
import { chainRetrievalQa, vectorStore } from './vectorStores';
import * as files from './files';
import * as content from './content';
import { redis } from './redis';
import { slack } from './slack';
import { notion } from './notion';
import * as forms from './forms';
import { airtable } from './airtable';
import { googleSheets } from './googleSheets';
import { summarize } from './summarize';
import { rssFeedRead } from './rss';
import * as polls from './pollTriggers';
import { gmail } from './gmail';
import { googleDrive } from './googleDrive';
import * as messaging from './messaging';
import { mattermost } from './mattermost';
import { todoist } from './todoist';
import { github } from './github';
import { microsoftOutlook } from './microsoftOutlook';
import { googleCalendar } from './googleCalendar';
import { hubspot } from './hubspot';
import { googleDocs } from './googleDocs';
import { whatsApp } from './whatsApp';

const BASE = 'n8n-nodes-base.';
const LC = '@n8n/n8n-nodes-langchain.';

export function buildMappers(convertGraph: (doc: unknown) => unknown): Record<string, Mapper> {
  return {
    [BASE + 'manualTrigger']: core.manualTrigger,
    [BASE + 'set']: core.set,
    [BASE + 'if']: core.ifNode,
    [BASE + 'filter']: core.filter,
    [BASE + 'switch']: core.switchNode,
    [BASE + 'merge']: core.merge,
    [BASE + 'code']: core.code,
    [BASE + 'function']: core.fn,
    [BASE + 'functionItem']: core.fnItem,
    [BASE + 'noOp']: core.noOp,
    [BASE + 'httpRequest']: httpRequest,
    [BASE + 'splitInBatches']: data.splitInBatches,
    [BASE + 'splitOut']: data.splitOut,
    [BASE + 'aggregate']: data.aggregate,
    [BASE + 'summarize']: summarize,
    [BASE + 'rssFeedRead']: rssFeedRead,
    [BASE + 'rssFeedReadTrigger']: polls.rssFeedReadTrigger,
    [BASE + 'telegramTrigger']: polls.telegramTrigger,
    [BASE + 'gmailTrigger']: polls.gmailTrigger,
    [BASE + 'googleSheetsTrigger']: polls.googleSheetsTrigger,
    [BASE + 'sort']: data.sort,
    [BASE + 'limit']: data.limit,
    [BASE + 'removeDuplicates']: data.removeDuplicates,
    [BASE + 'itemLists']: data.itemLists,
    [BASE + 'wait']: data.wait,
    [BASE + 'executionData']: data.executionData,
    [BASE + 'dateTime']: data.dateTime,
    [BASE + 'stopAndError']: data.stopAndError,
    [BASE + 'executeWorkflow']: data.executeWorkflowMapper(convertGraph),
    [BASE + 'executeWorkflowTrigger']: data.executeWorkflowTrigger,
    [BASE + 'webhook']: triggers.webhook,
    [BASE + 'respondToWebhook']: triggers.respondToWebhook,
    [BASE + 'formTrigger']: forms.formTrigger,
    [BASE + 'form']: forms.form,
    [BASE + 'scheduleTrigger']: triggers.scheduleTrigger,
    [BASE + 'cron']: triggers.cron,
    [BASE + 'extractFromFile']: files.extractFromFile,
    [BASE + 'convertToFile']: files.convertToFile,
    [BASE + 'spreadsheetFile']: files.spreadsheetFile,
    [BASE + 'readWriteFile']: files.readWriteFile,
    [BASE + 'readBinaryFile']: files.readWriteFile,
    [BASE + 'readBinaryFiles']: files.readWriteFile,
    [BASE + 'writeBinaryFile']: files.readWriteFile,
    [BASE + 'html']: content.html,
    [BASE + 'htmlExtract']: content.htmlExtract,
    [BASE + 'markdown']: content.markdown,
    [BASE + 'crypto']: content.crypto,
    [BASE + 'redis']: redis,
    [BASE + 'slack']: slack,
    [BASE + 'notion']: notion,
    [BASE + 'airtable']: airtable,
    [BASE + 'googleSheets']: googleSheets,
    [BASE + 'gmail']: gmail,
    [BASE + 'googleDrive']: googleDrive,
    [BASE + 'telegram']: messaging.telegram,
    [BASE + 'emailSend']: messaging.emailSend,
    [BASE + 'mattermost']: mattermost,
    [BASE + 'todoist']: todoist,
    [BASE + 'github']: github,
    [BASE + 'microsoftOutlook']: microsoftOutlook,
    [BASE + 'googleCalendar']: googleCalendar,
    [BASE + 'hubspot']: hubspot,
    [BASE + 'googleDocs']: googleDocs,
    [BASE + 'whatsApp']: whatsApp,
    [LC + 'chatTrigger']: triggers.chatTrigger,
    [LC + 'agent']: ai.agent,
    [LC + 'mcpTrigger']: ai.mcpTrigger,
    [LC + 'chainLlm']: ai.chainLlm,
    [LC + 'openAi']: ai.openAi,
    [LC + 'informationExtractor']: ai.informationExtractor,
    [LC + 'textClassifier']: ai.textClassifier,
    [LC + 'manualChatTrigger']: ai.manualChatTrigger,
    [LC + 'vectorStoreInMemory']: vectorStore,
    [LC + 'vectorStoreQdrant']: vectorStore,
    [LC + 'vectorStorePinecone']: vectorStore,
    [LC + 'chainRetrievalQa']: chainRetrievalQa,
  };
}

export { FOLDABLE_SUBNODES, FOLDING_ROOTS, foldedWeftType, foldsInto, foldSubnode } from './ai';
export { VECTOR_NESTING } from './vectorStores';
