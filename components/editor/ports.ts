/** Which handles a node shows: from the catalogue, with ports that depend on params or settings. */
import type { CatalogueEntry, PortInfo, WeftNodeData } from './types';

export function inputPorts(def: CatalogueEntry | undefined, _data: WeftNodeData): PortInfo[] {
  if (!def) return [{ name: 'main' }];
  return def.inputs;
}

export function outputPorts(def: CatalogueEntry | undefined, data: WeftNodeData, dynamic?: PortInfo[]): PortInfo[] {
  let ports: PortInfo[] = def ? def.outputs : [{ name: 'main' }];
  if (def?.dynamicOutputs && dynamic) ports = dynamic;
  if (data.onError === 'errorOutput' && !ports.some((p) => p.name === 'error')) {
    ports = [...ports, { name: 'error', label: 'error' }];
  }
  return ports;
}
