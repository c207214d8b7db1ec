import type { NodeDefinition } from '../../server/engine/node';
import { switchNode } from '../switch';
import { filter } from '../filter';
import { sort } from '../sort';
import { limit } from '../limit';
import { aggregate } from '../aggregate';
import { summarizeNode } from '../summarize';
import { splitOut } from '../splitOut';
import { removeDuplicates } from '../removeDuplicates';
import { htmlNode } from '../html';
import { markdownNode } from '../markdown';
import { cryptoNode } from '../crypto';

export const flowNodes: NodeDefinition[] = [switchNode, filter, sort, limit, aggregate, summarizeNode, splitOut, removeDuplicates, htmlNode, markdownNode, cryptoNode] as NodeDefinition[];
