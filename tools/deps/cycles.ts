import type { ImportEdge } from "./graph.js";
import { folderOf } from "./graph.js";

/** One folder cycle: the folders in order (the first one closes it) and one import for each step. */
export interface FolderCycle {
  folders: string[];
  /** Every folder of the strongly connected group the loop was taken from (sorted). */
  group: string[];
  witnesses: ImportEdge[];
}

/** Strongly connected components (Tarjan) of a graph given as adjacency sets; only those of 2+ nodes. */
const components = (graph: Map<string, Set<string>>): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(node, Math.min(low.get(node)!, index.get(next)!));
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1) found.push(component.sort());
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return found;
};

/** A shortest path from `start` back to itself inside one component (breadth first). */
const loopThrough = (start: string, graph: Map<string, Set<string>>, members: Set<string>): string[] => {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    for (const next of [...(graph.get(node) ?? [])].sort()) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0]!)!);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
};

/**
 * Folder cycles among project files: folder A imports from folder B, which (directly or through other
 * folders) imports from A. Each folder is a node of its own (a subfolder is not part of its parent).
 * One shortest loop is reported per strongly connected group of folders.
 */
export const folderCycles = (edges: readonly ImportEdge[]): FolderCycle[] => {
  const graph = new Map<string, Set<string>>();
  const witness = new Map<string, ImportEdge>();
  for (const edge of edges) {
    if (edge.target.kind !== "file") continue;
    const [from, to] = [folderOf(edge.from), folderOf(edge.target.path)];
    if (from === to) continue;
    if (!graph.has(from)) graph.set(from, new Set());
    graph.get(from)!.add(to);
    if (!witness.has(`${from}>${to}`)) witness.set(`${from}>${to}`, edge);
  }
  return components(graph).map((members) => {
    const folders = loopThrough(members[0]!, graph, new Set(members));
    const witnesses = folders.map((folder, i) => witness.get(`${folder}>${folders[(i + 1) % folders.length]}`)!);
    return { folders, group: members, witnesses };
  });
};
