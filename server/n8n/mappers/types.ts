import type { CredentialRef } from '../../engine/types';
import type { N8nNode } from '../types';
import type { Params } from './util';

export interface MapContext {
  node: N8nNode;
  params: Params;
  version: number;
  warn(message: string): void;
}

export interface Mapping {
  type: string;
  typeVersion?: number;
  params: Params;
  /** Weft output port for each n8n main output index (default ['main']). */
  outputs?: string[];
  /** Weft input port for each n8n main input index (default ['main']). */
  inputs?: string[];
  /** Credential slots: n8n credential type -> Weft slot; unlisted types keep their n8n name. */
  credentialSlots?: Record<string, string>;
}

export interface Unsupported {
  unsupported: string;
}

export type Mapper = (ctx: MapContext) => Mapping | Unsupported;

export type CredentialMap = Record<string, CredentialRef>;
