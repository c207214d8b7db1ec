import type { NodeDefinition } from '../../server/engine/node';
import { code } from '../code';

export const codeNodes: NodeDefinition[] = [code] as NodeDefinition[];
