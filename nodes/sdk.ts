// The only server module node plugins import.
export { defineNode, NodeError, resolvePorts } from '../server/engine/node';
export { abortableSleep } from '../server/engine/abort';
// OAuth2 credentials (oAuth2Api, gmailOAuth2, googleDriveOAuth2Api, ...): a current access token, one refresh after a 401.
export { oauth2AccessToken, withOAuth2Token } from '../server/credentials/oauth2-access';
export { isOAuth2PresetType, OAUTH2_PRESET_TYPES } from '../server/credentials/oauth2-presets';
export type {
  NodeContext,
  NodeDefinition,
  PollResult,
  NodeOutput,
  NodeServices,
  PortSpec,
  WebhookResponse,
  McpServerConfig,
  McpToolInfo,
  McpCallResult,
  LlmMessage,
  LlmToolCall,
  LlmChatRequest,
  LlmChatResponse,
  EmbeddingRequest,
  EmbeddingResponse,
} from '../server/engine/node';
export type { Item, BinaryData, PairedItem, JsonObject } from '../server/engine/types';
export { z } from 'zod';
