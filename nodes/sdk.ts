// The only server module node plugins import.
export { defineNode, NodeError, resolvePorts } from '../server/engine/node';
export { abortableSleep } from '../server/engine/abort';
export type {
  NodeContext,
  NodeDefinition,
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
} from '../server/engine/node';
export type { Item, BinaryData, PairedItem, JsonObject } from '../server/engine/types';
export { z } from 'zod';
