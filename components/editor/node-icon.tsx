/**
 * Node icons: the catalogue names a lucide icon (kebab-case). A curated map keeps the bundle small;
 * unknown names fall back to an icon chosen by node type, then to a box.
 */
import {
  ArrowDownWideNarrow, ArrowRightLeft, Ban, Blocks, Bot, Box, Braces, CalendarClock, CalendarDays, CircleHelp,
  CircleSlash, CircleStop, Clock, Code, Combine, Copy, CopyX, Cpu, Database, FileJson, Filter, Folder, GitBranch, GitMerge,
  Globe, Group, Hash, Hourglass, Layers, ListEnd, ListFilter, ListOrdered, LogIn, Mail, Merge, MessageCircle, MousePointerClick,
  Network, OctagonX, Pencil, Play, Plug, Repeat, Reply, RotateCw, Route, Scissors, Send, Shuffle, Sigma, Signpost,
  Sparkles, Split, SquareFunction, StickyNote, Timer, TriangleAlert, Ungroup, Webhook, Workflow, Wrench, Zap,
  type LucideIcon,
} from 'lucide-react';

const byName: Record<string, LucideIcon> = {
  'arrow-down-wide-narrow': ArrowDownWideNarrow, 'arrow-right-left': ArrowRightLeft, ban: Ban, blocks: Blocks,
  bot: Bot, box: Box, braces: Braces, 'calendar-clock': CalendarClock, 'calendar-days': CalendarDays,
  'circle-help': CircleHelp, 'help-circle': CircleHelp, 'circle-slash': CircleSlash, 'circle-stop': CircleStop,
  clock: Clock, code: Code, combine: Combine, copy: Copy, 'copy-x': CopyX, cpu: Cpu, database: Database,
  'file-json': FileJson, filter: Filter, folder: Folder, 'git-branch': GitBranch, 'git-merge': GitMerge, globe: Globe, group: Group,
  hash: Hash, hourglass: Hourglass, layers: Layers, 'list-end': ListEnd, 'list-filter': ListFilter,
  'list-ordered': ListOrdered, 'log-in': LogIn, mail: Mail, merge: Merge, 'mouse-pointer-click': MousePointerClick,
  'message-circle': MessageCircle,
  network: Network, 'octagon-x': OctagonX, pencil: Pencil, play: Play, plug: Plug, repeat: Repeat, reply: Reply,
  'rotate-cw': RotateCw, route: Route, scissors: Scissors, send: Send, shuffle: Shuffle, sigma: Sigma,
  signpost: Signpost, sparkles: Sparkles, split: Split, 'square-function': SquareFunction, 'sticky-note': StickyNote,
  timer: Timer, 'triangle-alert': TriangleAlert, ungroup: Ungroup, webhook: Webhook, workflow: Workflow,
  wrench: Wrench, zap: Zap,
};

const byType: Record<string, LucideIcon> = {
  manualTrigger: MousePointerClick, transform: Pencil, condition: GitBranch, merge: Merge, noOp: CircleSlash,
  switch: Route, filter: Filter, sort: ArrowDownWideNarrow, limit: ListEnd, aggregate: Group, splitOut: Ungroup,
  removeDuplicates: CopyX, code: Code, httpRequest: Globe, loop: Repeat, wait: Hourglass, executeWorkflow: Workflow,
  executeWorkflowTrigger: LogIn, stopAndError: OctagonX, dateTime: CalendarClock, unsupported: TriangleAlert,
  webhook: Webhook, scheduleTrigger: Clock, respondToWebhook: Reply, agent: Bot, mcpTool: Plug, chatTrigger: MessageCircle,
};

export function nodeIcon(icon: string | undefined, type: string): LucideIcon {
  return (icon && byName[icon]) || byType[type] || Box;
}

const categoryColors: Record<string, string> = {
  trigger: '#f97316',
  flow: '#8b5cf6',
  transform: '#0ea5e9',
  data: '#14b8a6',
  ai: '#ec4899',
  integration: '#22c55e',
  utility: '#64748b',
};

export function categoryColor(category: string | undefined): string {
  return (category && categoryColors[category]) || '#64748b';
}
