import type { NodeDefinition } from '../../server/engine/node';
import { manualTrigger } from '../manualTrigger';
import { transform } from '../transform';
import { condition } from '../condition';
import { merge } from '../merge';
import { noOp } from '../noOp';

export const coreNodes: NodeDefinition[] = [manualTrigger, transform, condition, merge, noOp] as NodeDefinition[];
