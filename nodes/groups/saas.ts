import type { NodeDefinition } from '../../server/engine/node';
import { googleSheetsNode } from '../googleSheets';
import { notionNode } from '../notion';
import { slackNode } from '../slack';
import { gmailNode } from '../gmail';
import { googleDriveNode } from '../googleDrive';
import { mattermostNode } from '../mattermost';
import { todoistNode } from '../todoist';
import { githubNode } from '../github';
import { microsoftOutlookNode } from '../microsoftOutlook';
import { googleCalendarNode } from '../googleCalendar';
import { hubspotNode } from '../hubspot';
import { googleDocsNode } from '../googleDocs';
import { whatsAppNode } from '../whatsApp';

/** Nodes for SaaS APIs (n8n's app nodes), each reaching its service through a base URL param. */
export const saasNodes: NodeDefinition[] = [slackNode, notionNode, googleSheetsNode, mattermostNode, gmailNode, googleDriveNode, todoistNode, githubNode, microsoftOutlookNode, googleCalendarNode, hubspotNode, googleDocsNode, whatsAppNode] as NodeDefinition[];
