/** Public API of the n8n compatibility layer: import (with a report) and export. */
export { importN8nWorkflow, parseN8nDocument, N8nImportError, type ImportResult } from './import';
export { exportN8n, exportN8nWorkflow, isUnchangedImport, type ExportOptions, type ExportResult } from './export';
export type { ImportReport, N8nWorkflow, N8nNode, N8nConnections } from './types';
